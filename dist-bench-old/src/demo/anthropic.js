"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.anthropicMessages = void 0;
const handlers_1 = require("./handlers");
const echo_1 = require("./echo");
const sse_1 = require("./sse");
const wire_1 = require("./wire");
const anthropicMessages = async ({ body, res, replyText, timing }) => {
    if (!Array.isArray(body.messages)) {
        (0, handlers_1.sendJson)(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'messages: Field required' } });
        return;
    }
    const text = replyText();
    const model = typeof body.model === 'string' ? body.model : 'demo-echo';
    const id = (0, wire_1.newId)('msg_');
    const usage = { input_tokens: Math.ceil((0, echo_1.chatUserText)(body).length / 4), output_tokens: Math.ceil(text.length / 4) };
    const message = { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage };
    if (body.stream !== true) {
        (0, handlers_1.sendJson)(res, 200, message);
        return;
    }
    const w = new sse_1.SseWriter(res, timing.chunkDelayMs);
    await w.send({ type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } }, 'message_start');
    await w.send({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start');
    await w.send({ type: 'ping' }, 'ping');
    for (const piece of (0, sse_1.splitCodePoints)(text, timing.chunkChars)) {
        await w.send({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }, 'content_block_delta');
    }
    await w.send({ type: 'content_block_stop', index: 0 }, 'content_block_stop');
    await w.send({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }, 'message_delta');
    await w.send({ type: 'message_stop' }, 'message_stop');
    w.end();
};
exports.anthropicMessages = anthropicMessages;
