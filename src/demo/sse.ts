/**
 * Server-sent-event bodies for the demo upstream, in the order and framing OpenAI uses:
 * chat and legacy completions send bare `data:` lines ending in `data: [DONE]`; the Responses API
 * sends named events (`event: NAME` + `data:`) with a `sequence_number` and no [DONE].
 */
import type * as http from 'node:http';
import * as wire from './wire';

export interface StreamTiming { chunkChars: number; chunkDelayMs: number }

/** Split into pieces of `size` code points, so no surrogate pair is ever cut in half. */
export function splitCodePoints(text: string, size: number): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(''));
  return pieces;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes SSE frames with the configured pause between them. Once the client has gone away,
 * writes become no-ops so a slow stream does not keep writing into a destroyed socket.
 */
export class SseWriter {
  private first = true;
  constructor(private readonly res: http.ServerResponse, private readonly delayMs: number) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
  }
  get gone(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }
  async send(data: object | string, event?: string): Promise<void> {
    if (!this.first && this.delayMs > 0) await sleep(this.delayMs);
    this.first = false;
    if (this.gone) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    this.res.write((event ? `event: ${event}\n` : '') + `data: ${payload}\n\n`);
  }
  end(): void {
    if (!this.gone) this.res.end();
  }
}

export interface ChatStreamArgs {
  meta: wire.CompletionMeta; text: string; n: number; includeUsage: boolean; usage: object;
}

/** role delta → content deltas → empty delta with finish_reason → optional usage chunk → [DONE]. */
export async function streamChat(res: http.ServerResponse, args: ChatStreamArgs, timing: StreamTiming): Promise<void> {
  const out = new SseWriter(res, timing.chunkDelayMs);
  // With include_usage, every chunk carries `usage: null` and only the extra final chunk has numbers.
  const nullUsage = args.includeUsage ? null : undefined;
  const indexes = Array.from({ length: args.n }, (_, i) => i);
  const each = (delta: object, finish: string | null) =>
    wire.chatChunk(args.meta, indexes.map((i) => wire.chatDelta(i, delta, finish)), nullUsage);
  await out.send(each({ role: 'assistant', content: '', refusal: null }, null));
  for (const piece of splitCodePoints(args.text, timing.chunkChars)) {
    if (out.gone) return;
    await out.send(each({ content: piece }, null));
  }
  await out.send(each({}, 'stop'));
  if (args.includeUsage) await out.send(wire.chatChunk(args.meta, [], args.usage));
  await out.send('[DONE]');
  out.end();
}

export interface CompletionStreamArgs { meta: wire.CompletionMeta; text: string; includeUsage: boolean; usage: object }

/** text deltas → empty text with finish_reason → optional usage chunk → [DONE]. */
export async function streamCompletion(
  res: http.ServerResponse,
  args: CompletionStreamArgs,
  timing: StreamTiming,
): Promise<void> {
  const out = new SseWriter(res, timing.chunkDelayMs);
  const nullUsage = args.includeUsage ? null : undefined;
  for (const piece of splitCodePoints(args.text, timing.chunkChars)) {
    if (out.gone) return;
    await out.send(wire.textCompletion(args.meta, [{ text: piece, finish_reason: null }], nullUsage));
  }
  await out.send(wire.textCompletion(args.meta, [{ text: '', finish_reason: 'stop' }], nullUsage));
  if (args.includeUsage) await out.send(wire.textCompletion(args.meta, [], args.usage));
  await out.send('[DONE]');
  out.end();
}

export interface ResponseStreamArgs { meta: wire.ResponseMeta; messageId: string; text: string; usage: object }

/**
 * The full Responses event sequence. The SDK's stream helper rebuilds its snapshot from
 * output_item.added / content_part.added before it accepts deltas, so none of them can be skipped.
 */
export async function streamResponse(
  res: http.ServerResponse,
  args: ResponseStreamArgs,
  timing: StreamTiming,
): Promise<void> {
  const out = new SseWriter(res, timing.chunkDelayMs);
  let sequence = 0;
  const emit = (type: string, fields: object) => out.send({ type, sequence_number: sequence++, ...fields }, type);
  const item = { item_id: args.messageId, output_index: 0 };
  const part = { ...item, content_index: 0 };
  const inProgress = wire.responseObject(args.meta, 'in_progress', [], null);
  await emit('response.created', { response: inProgress });
  await emit('response.in_progress', { response: inProgress });
  await emit('response.output_item.added', { output_index: 0, item: wire.responseMessage(args.messageId, '', 'in_progress') });
  await emit('response.content_part.added', { ...part, part: wire.outputText('') });
  for (const delta of splitCodePoints(args.text, timing.chunkChars)) {
    if (out.gone) return;
    await emit('response.output_text.delta', { ...part, delta, logprobs: [] });
  }
  await emit('response.output_text.done', { ...part, text: args.text, logprobs: [] });
  await emit('response.content_part.done', { ...part, part: wire.outputText(args.text) });
  const message = wire.responseMessage(args.messageId, args.text, 'completed');
  await emit('response.output_item.done', { output_index: 0, item: message });
  await emit('response.completed', { response: wire.responseObject(args.meta, 'completed', [message], args.usage) });
  out.end();
}
