/**
 * The Anthropic Messages API (`POST /v1/messages`) for the demo/fake upstream, in Anthropic's wire
 * format: a `message` object, or the SSE sequence message_start → content_block_start →
 * content_block_delta… → content_block_stop → message_delta (stop_reason) → message_stop.
 */
import type { Handler } from './handlers';
import { sendJson } from './handlers';
import { chatUserText } from './echo';
import { SseWriter, splitCodePoints } from './sse';
import { newId } from './wire';


export const anthropicMessages: Handler = async ({ body, res, replyText, timing }) => {
  if (!Array.isArray(body.messages)) {
    sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'messages: Field required' } });
    return;
  }
  const text = replyText();
  const model = typeof body.model === 'string' ? body.model : 'demo-echo';
  const id = newId('msg_');
  const usage = { input_tokens: Math.ceil(chatUserText(body).length / 4), output_tokens: Math.ceil(text.length / 4) };
  const message = { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage };
  if (body.stream !== true) {
    sendJson(res, 200, message);
    return;
  }
  const w = new SseWriter(res, timing.chunkDelayMs);
  await w.send({ type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } }, 'message_start');
  await w.send({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start');
  await w.send({ type: 'ping' }, 'ping');
  for (const piece of splitCodePoints(text, timing.chunkChars)) {
    await w.send({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }, 'content_block_delta');
  }
  await w.send({ type: 'content_block_stop', index: 0 }, 'content_block_stop');
  await w.send({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }, 'message_delta');
  await w.send({ type: 'message_stop' }, 'message_stop');
  w.end();
};
