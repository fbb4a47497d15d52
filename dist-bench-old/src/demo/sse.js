"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.SseWriter = void 0;
exports.splitCodePoints = splitCodePoints;
exports.streamChat = streamChat;
exports.streamCompletion = streamCompletion;
exports.streamResponse = streamResponse;
const wire = __importStar(require("./wire"));
/** Split into pieces of `size` code points, so no surrogate pair is ever cut in half. */
function splitCodePoints(text, size) {
    const points = Array.from(text);
    const pieces = [];
    for (let i = 0; i < points.length; i += size)
        pieces.push(points.slice(i, i + size).join(''));
    return pieces;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Writes SSE frames with the configured pause between them. Once the client has gone away,
 * writes become no-ops so a slow stream does not keep writing into a destroyed socket.
 */
class SseWriter {
    res;
    delayMs;
    first = true;
    constructor(res, delayMs) {
        this.res = res;
        this.delayMs = delayMs;
        res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-cache',
            connection: 'keep-alive',
        });
    }
    get gone() {
        return this.res.destroyed || this.res.writableEnded;
    }
    async send(data, event) {
        if (!this.first && this.delayMs > 0)
            await sleep(this.delayMs);
        this.first = false;
        if (this.gone)
            return;
        const payload = typeof data === 'string' ? data : JSON.stringify(data);
        this.res.write((event ? `event: ${event}\n` : '') + `data: ${payload}\n\n`);
    }
    end() {
        if (!this.gone)
            this.res.end();
    }
}
exports.SseWriter = SseWriter;
/** role delta → content deltas → empty delta with finish_reason → optional usage chunk → [DONE]. */
async function streamChat(res, args, timing) {
    const out = new SseWriter(res, timing.chunkDelayMs);
    // With include_usage, every chunk carries `usage: null` and only the extra final chunk has numbers.
    const nullUsage = args.includeUsage ? null : undefined;
    const indexes = Array.from({ length: args.n }, (_, i) => i);
    const each = (delta, finish) => wire.chatChunk(args.meta, indexes.map((i) => wire.chatDelta(i, delta, finish)), nullUsage);
    await out.send(each({ role: 'assistant', content: '', refusal: null }, null));
    for (const piece of splitCodePoints(args.text, timing.chunkChars)) {
        if (out.gone)
            return;
        await out.send(each({ content: piece }, null));
    }
    await out.send(each({}, 'stop'));
    if (args.includeUsage)
        await out.send(wire.chatChunk(args.meta, [], args.usage));
    await out.send('[DONE]');
    out.end();
}
/** text deltas → empty text with finish_reason → optional usage chunk → [DONE]. */
async function streamCompletion(res, args, timing) {
    const out = new SseWriter(res, timing.chunkDelayMs);
    const nullUsage = args.includeUsage ? null : undefined;
    for (const piece of splitCodePoints(args.text, timing.chunkChars)) {
        if (out.gone)
            return;
        await out.send(wire.textCompletion(args.meta, [{ text: piece, finish_reason: null }], nullUsage));
    }
    await out.send(wire.textCompletion(args.meta, [{ text: '', finish_reason: 'stop' }], nullUsage));
    if (args.includeUsage)
        await out.send(wire.textCompletion(args.meta, [], args.usage));
    await out.send('[DONE]');
    out.end();
}
/**
 * The full Responses event sequence. The SDK's stream helper rebuilds its snapshot from
 * output_item.added / content_part.added before it accepts deltas, so none of them can be skipped.
 */
async function streamResponse(res, args, timing) {
    const out = new SseWriter(res, timing.chunkDelayMs);
    let sequence = 0;
    const emit = (type, fields) => out.send({ type, sequence_number: sequence++, ...fields }, type);
    const item = { item_id: args.messageId, output_index: 0 };
    const part = { ...item, content_index: 0 };
    const inProgress = wire.responseObject(args.meta, 'in_progress', [], null);
    await emit('response.created', { response: inProgress });
    await emit('response.in_progress', { response: inProgress });
    await emit('response.output_item.added', { output_index: 0, item: wire.responseMessage(args.messageId, '', 'in_progress') });
    await emit('response.content_part.added', { ...part, part: wire.outputText('') });
    for (const delta of splitCodePoints(args.text, timing.chunkChars)) {
        if (out.gone)
            return;
        await emit('response.output_text.delta', { ...part, delta, logprobs: [] });
    }
    await emit('response.output_text.done', { ...part, text: args.text, logprobs: [] });
    await emit('response.content_part.done', { ...part, part: wire.outputText(args.text) });
    const message = wire.responseMessage(args.messageId, args.text, 'completed');
    await emit('response.output_item.done', { output_index: 0, item: message });
    await emit('response.completed', { response: wire.responseObject(args.meta, 'completed', [message], args.usage) });
    out.end();
}
