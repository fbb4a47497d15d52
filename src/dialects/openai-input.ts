/**
 * Extraction of every text the model will read from OpenAI-compatible request bodies: system and
 * developer prompts, the whole message history, string and array content parts, tool-call arguments
 * and tool results, tool descriptions, completions prompts, Responses `input`/`instructions`, and
 * embeddings input. Image, audio and file parts carry no text and pass untouched; any other part
 * that carries a string `text` is read whatever its declared type, so an odd shape hides nothing.
 */
import type { Segment } from '../types';
import { formatPath, isRecord, jsonText, type PathToken } from './json-path';

export type OpenAiRoute = 'chat' | 'completions' | 'responses' | 'embeddings';

class Collector {
  readonly segments: Segment[] = [];
  add(tokens: PathToken[], text: unknown, role?: string): void {
    if (typeof text === 'string' && text.length > 0) this.segments.push({ path: formatPath(tokens), role, text });
  }
}

/** Content: a string, or an array of parts ({type:'text', text}, {type:'input_text', text}, …). */
function collectContent(c: Collector, tokens: PathToken[], content: unknown, role?: string): void {
  if (typeof content === 'string') return c.add(tokens, content, role);
  if (!Array.isArray(content)) return;
  content.forEach((part, j) => {
    if (typeof part === 'string') return c.add([...tokens, j], part, role);
    if (!isRecord(part)) return;
    c.add([...tokens, j, 'text'], part.text, role);
    c.add([...tokens, j, 'refusal'], part.refusal, role);
  });
}

function collectToolCalls(c: Collector, tokens: PathToken[], calls: unknown, role?: string): void {
  if (!Array.isArray(calls)) return;
  calls.forEach((call, k) => {
    if (isRecord(call) && isRecord(call.function)) c.add([...tokens, k, 'function', 'arguments'], call.function.arguments, role);
  });
}

function collectTools(c: Collector, tools: unknown): void {
  if (!Array.isArray(tools)) return;
  tools.forEach((tool, k) => {
    if (!isRecord(tool)) return;
    if (isRecord(tool.function)) c.add(['tools', k, 'function', 'description'], tool.function.description, 'tool_definition');
    else c.add(['tools', k, 'description'], tool.description, 'tool_definition');
    // The parameter schema is prompt text too (property names, descriptions, enum values).
    const fn = isRecord(tool.function) ? tool.function : tool;
    if (isRecord(fn.parameters)) c.add(['tools', k, ...(fn === tool ? [] : ['function']), 'parameters'], jsonText(fn.parameters), 'tool_definition');
  });
}

/** A JSON schema the model is asked to follow (response_format, text.format) is read like a prompt. */
function collectSchema(c: Collector, tokens: PathToken[], holder: unknown): void {
  if (isRecord(holder) && isRecord(holder.schema)) c.add([...tokens, 'schema'], jsonText(holder.schema), 'system');
}

function chat(body: Record<string, unknown>, c: Collector): void {
  if (Array.isArray(body.messages)) {
    body.messages.forEach((m, i) => {
      if (!isRecord(m)) return;
      const role = typeof m.role === 'string' ? m.role : undefined;
      collectContent(c, ['messages', i, 'content'], m.content, role);
      collectToolCalls(c, ['messages', i, 'tool_calls'], m.tool_calls, role);
      if (isRecord(m.function_call)) c.add(['messages', i, 'function_call', 'arguments'], m.function_call.arguments, role);
    });
  }
  collectTools(c, body.tools);
  if (isRecord(body.response_format)) collectSchema(c, ['response_format', 'json_schema'], body.response_format.json_schema);
}

function completions(body: Record<string, unknown>, c: Collector): void {
  if (typeof body.prompt === 'string') c.add(['prompt'], body.prompt, 'user');
  else if (Array.isArray(body.prompt)) body.prompt.forEach((p, i) => c.add(['prompt', i], p, 'user'));
  c.add(['suffix'], body.suffix, 'user');
}

function responses(body: Record<string, unknown>, c: Collector): void {
  c.add(['instructions'], body.instructions, 'system');
  if (typeof body.input === 'string') c.add(['input'], body.input, 'user');
  else if (Array.isArray(body.input)) {
    body.input.forEach((item, i) => {
      if (typeof item === 'string') return c.add(['input', i], item, 'user');
      if (!isRecord(item)) return;
      const role = typeof item.role === 'string' ? item.role : typeof item.type === 'string' ? item.type : undefined;
      collectContent(c, ['input', i, 'content'], item.content, role);
      c.add(['input', i, 'arguments'], item.arguments, role);
      // A tool output is a string or, in newer API versions, content parts; reasoning has a summary.
      collectContent(c, ['input', i, 'output'], item.output, role);
      collectContent(c, ['input', i, 'summary'], item.summary, role);
      c.add(['input', i, 'text'], item.text, role);
    });
  }
  collectTools(c, body.tools);
  // Prompt templates: the variables are substituted into the prompt upstream.
  if (isRecord(body.prompt) && isRecord(body.prompt.variables)) c.add(['prompt', 'variables'], jsonText(body.prompt.variables), 'user');
  if (isRecord(body.text)) collectSchema(c, ['text', 'format'], body.text.format);
}

function embeddings(body: Record<string, unknown>, c: Collector): void {
  if (typeof body.input === 'string') c.add(['input'], body.input, 'user');
  else if (Array.isArray(body.input)) body.input.forEach((p, i) => c.add(['input', i], p, 'user'));
}

const EXTRACTORS: Record<OpenAiRoute, (body: Record<string, unknown>, c: Collector) => void> = { chat, completions, responses, embeddings };

export function extractInput(route: OpenAiRoute, body: Record<string, unknown>): Segment[] {
  const c = new Collector();
  EXTRACTORS[route](body, c);
  return c.segments;
}
