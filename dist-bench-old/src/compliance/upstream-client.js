"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.chatUrl = chatUrl;
exports.callChat = callChat;
/**
 * One chat-completions call for replay and assess, with fetch. Only the answer text and how it
 * ended are returned; errors are values (a bank of 2,000 prompts should not stop at one 500).
 */
const openai_output_1 = require("../dialects/openai-output");
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function chatUrl(upstream) {
    const base = upstream.replace(/\/+$/, '');
    return /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}
async function callChat(c) {
    let res;
    try {
        res = await fetch(chatUrl(c.upstream), {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(c.apiKey ? { authorization: `Bearer ${c.apiKey}` } : {}) },
            body: JSON.stringify({ model: c.model, messages: c.messages }),
            signal: AbortSignal.timeout(c.timeoutMs ?? 120_000),
        });
    }
    catch (err) {
        return { ok: false, error: `request failed: ${err.message}` };
    }
    let body;
    try {
        body = await res.json();
    }
    catch {
        return { ok: false, error: `HTTP ${res.status}: the answer is not JSON` };
    }
    if (!res.ok) {
        const code = isRecord(body) && isRecord(body.error) ? body.error.code : undefined;
        if (res.status === 400 && code === 'content_filter')
            return { ok: true, text: '', segments: [], contentFilter: true, promptBlocked: true };
        return { ok: false, error: `HTTP ${res.status}${typeof code === 'string' ? ` (${code})` : ''}` };
    }
    const segments = (0, openai_output_1.extractOutput)('chat', body);
    const choices = isRecord(body) && Array.isArray(body.choices) ? body.choices : [];
    const contentFilter = choices.some((ch) => isRecord(ch) && ch.finish_reason === 'content_filter');
    return { ok: true, text: segments.map((s) => s.text).join('\n'), segments, contentFilter };
}
