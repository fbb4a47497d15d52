/**
 * The Anthropic Messages dialect (`POST /v1/messages`): system prompt (string or text blocks), every
 * message's string or block content (text, tool_use input, tool_result content, thinking), and tool
 * descriptions; refusals as Anthropic's 400 error for prompts and `stop_reason: "refusal"` for
 * outputs. `x-api-key` and `anthropic-version` are end-to-end headers and pass through.
 */
import { GatewayError, statusForCode, type ErrorCode } from '../errors';
import type { Finding, Segment } from '../types';
import { anthropicStreamAdapter } from './anthropic-stream';
import type { Dialect } from './dialect';
import { formatPath, isRecord, jsonText, type PathToken } from './json-path';

function add(out: Segment[], tokens: PathToken[], text: unknown, role?: string): void {
  if (typeof text === 'string' && text.length > 0) out.push({ path: formatPath(tokens), role, text });
}

/** Nested block content (tool_result in tool_result …) deeper than this is refused, not walked. */
const MAX_BLOCK_DEPTH = 32;

/**
 * Text blocks, tool_use input (as JSON text), thinking, documents (plain-text source, content
 * source, title, context), and the content of any block that has blocks inside (tool_result,
 * search_result, future types): every place the model reads text.
 */
function blocks(out: Segment[], tokens: PathToken[], content: unknown, role?: string, depth = 0): void {
  if (typeof content === 'string') return add(out, tokens, content, role);
  if (!Array.isArray(content)) return;
  if (depth > MAX_BLOCK_DEPTH) throw new GatewayError('invalid_request', `Content blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep.`);
  content.forEach((block, i) => {
    if (!isRecord(block)) return;
    add(out, [...tokens, i, 'text'], block.text, role);
    add(out, [...tokens, i, 'thinking'], block.thinking, role);
    add(out, [...tokens, i, 'title'], block.title, role);
    add(out, [...tokens, i, 'context'], block.context, role);
    if (block.input !== undefined) add(out, [...tokens, i, 'input'], jsonText(block.input), role);
    if (isRecord(block.source)) {
      if (block.source.type === 'text') add(out, [...tokens, i, 'source', 'data'], block.source.data, role);
      blocks(out, [...tokens, i, 'source', 'content'], block.source.content, role, depth + 1);
    }
    if (block.type === 'tool_result' || Array.isArray(block.content)) blocks(out, [...tokens, i, 'content'], block.content, block.type === 'tool_result' ? 'tool' : role, depth + 1);
  });
}

function extractInput(body: Record<string, unknown>): Segment[] {
  const out: Segment[] = [];
  blocks(out, ['system'], body.system, 'system');
  if (Array.isArray(body.messages)) {
    body.messages.forEach((m, i) => {
      if (isRecord(m)) blocks(out, ['messages', i, 'content'], m.content, typeof m.role === 'string' ? m.role : undefined);
    });
  }
  if (Array.isArray(body.tools)) {
    body.tools.forEach((t, i) => {
      if (!isRecord(t)) return;
      add(out, ['tools', i, 'description'], t.description, 'tool_definition');
      if (isRecord(t.input_schema)) add(out, ['tools', i, 'input_schema'], jsonText(t.input_schema), 'tool_definition');
    });
  }
  return out;
}

function extractOutput(body: unknown): Segment[] {
  const out: Segment[] = [];
  if (isRecord(body)) blocks(out, ['content'], body.content, 'assistant');
  return out;
}

/** Anthropic's error `type` for a gateway error code. */
function errorType(code: ErrorCode): string {
  const status = statusForCode(code);
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status < 500) return 'invalid_request_error';
  return 'api_error';
}

export function anthropicError(err: GatewayError): unknown {
  return { type: 'error', error: { type: errorType(err.code), message: err.message } };
}

export function anthropicDialect(): Dialect {
  return {
    id: 'anthropic',
    route: 'messages',
    extractInput,
    extractOutput,
    applyOutputBlock(body, _segments, _blocking: Finding[], refusal) {
      // A message holds one answer: a single blocking finding replaces all of its content.
      body.content = [{ type: 'text', text: refusal }];
      body.stop_reason = 'refusal';
      body.stop_sequence = null;
    },
    promptBlocked: (refusal) => ({ status: 400, body: anthropicError(new GatewayError('content_filter', refusal)) }),
    errorBody: anthropicError,
    streamAdapter: anthropicStreamAdapter,
  };
}
