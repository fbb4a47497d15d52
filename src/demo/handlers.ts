/**
 * One handler per OpenAI endpoint the demo upstream serves. Each gets the parsed JSON body and
 * answers in the endpoint's own wire format, streamed when the request says `stream: true`.
 */
import type * as http from 'node:http';
import { chatUserText, completionPromptText, isRecord, responsesInputText } from './echo';
import { anthropicMessages } from './anthropic';
import * as sse from './sse';
import * as wire from './wire';

export interface HandlerContext {
  body: Record<string, unknown>;
  path: string;
  res: http.ServerResponse;
  /** The reply text for chat / completions / responses (the echo unless a test scripts it). */
  replyText: () => string;
  timing: sse.StreamTiming;
}

export type Handler = (ctx: HandlerContext) => void | Promise<void>;

export function sendJson(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function missing(res: http.ServerResponse, param: string): void {
  sendJson(res, 400, wire.errorBody(`Missing required parameter: '${param}'.`, 'missing_required_parameter', param));
}

/** `n` between 1 and 128 as the API allows; anything else falls back to one choice. */
function choiceCount(n: unknown): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, 128) : 1;
}

function includeUsage(body: Record<string, unknown>): boolean {
  return isRecord(body.stream_options) && body.stream_options.include_usage === true;
}

const chatCompletions: Handler = async ({ body, res, replyText, timing }) => {
  if (!Array.isArray(body.messages)) return missing(res, 'messages');
  const text = replyText();
  const meta = { id: wire.newId('chatcmpl-'), created: wire.nowSeconds(), model: wire.DEMO_MODEL_ID };
  const n = choiceCount(body.n);
  const usage = wire.chatUsage(wire.estimateTokens(chatUserText(body)), wire.estimateTokens(text) * n);
  if (body.stream === true) {
    return sse.streamChat(res, { meta, text, n, includeUsage: includeUsage(body), usage }, timing);
  }
  sendJson(res, 200, wire.chatCompletion(meta, text, n, usage));
};

const completions: Handler = async ({ body, res, replyText, timing }) => {
  if (body.prompt === undefined) return missing(res, 'prompt');
  const text = replyText();
  const meta = { id: wire.newId('cmpl-'), created: wire.nowSeconds(), model: wire.DEMO_MODEL_ID };
  const n = choiceCount(body.n);
  const usage = wire.completionUsage(wire.estimateTokens(completionPromptText(body)), wire.estimateTokens(text) * n);
  if (body.stream === true) {
    return sse.streamCompletion(res, { meta, text, includeUsage: includeUsage(body), usage }, timing);
  }
  const choices = Array.from({ length: n }, () => ({ text, finish_reason: 'stop' }));
  sendJson(res, 200, wire.textCompletion(meta, choices, usage));
};

const responses: Handler = async ({ body, res, replyText, timing }) => {
  const text = replyText();
  const meta = { id: wire.newId('resp_'), created: wire.nowSeconds(), model: wire.DEMO_MODEL_ID };
  const messageId = wire.newId('msg_');
  const usage = wire.responsesUsage(wire.estimateTokens(responsesInputText(body)), wire.estimateTokens(text));
  if (body.stream === true) return sse.streamResponse(res, { meta, messageId, text, usage }, timing);
  const output = [wire.responseMessage(messageId, text, 'completed')];
  sendJson(res, 200, wire.responseObject(meta, 'completed', output, usage));
};

/** `input` may be a string, strings, token ids, or lists of token ids; each list is one input. */
function embeddingInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((x) => typeof x === 'number')) return [JSON.stringify(input)];
  return input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

const embeddings: Handler = ({ body, res }) => {
  const inputs = embeddingInputs(body.input);
  if (!inputs) return missing(res, 'input');
  const dims = body.dimensions;
  const size = typeof dims === 'number' && Number.isInteger(dims) && dims >= 1 && dims <= 3072 ? dims : 8;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = wire.embeddingVector(input, size);
    return { object: 'embedding', index, embedding: base64 ? wire.vectorToBase64(vector) : vector };
  });
  const promptTokens = inputs.reduce((sum, input) => sum + wire.estimateTokens(input), 0);
  sendJson(res, 200, {
    object: 'list', data, model: wire.DEMO_MODEL_ID,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
};

/** POST routes, keyed by path. GET /v1/models is handled by the server (it has no body). */
export const postRoutes: Record<string, Handler> = {
  '/v1/chat/completions': chatCompletions,
  '/v1/completions': completions,
  '/v1/responses': responses,
  '/v1/embeddings': embeddings,
  '/v1/messages': anthropicMessages,
};

/** GET /v1/models and GET /v1/models/{id}; false when the path is not a models path. */
export function handleModels(res: http.ServerResponse, path: string, startedAt: number): boolean {
  if (path === '/v1/models') {
    sendJson(res, 200, { object: 'list', data: [wire.modelObject(startedAt)] });
    return true;
  }
  const match = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (!match) return false;
  let id = match[1];
  try {
    id = decodeURIComponent(id);
  } catch {
    // A malformed escape is just an unknown model, not a server error.
  }
  if (id === wire.DEMO_MODEL_ID) sendJson(res, 200, wire.modelObject(startedAt));
  else sendJson(res, 404, wire.errorBody(`The model '${id}' does not exist`, 'model_not_found', 'model'));
  return true;
}
