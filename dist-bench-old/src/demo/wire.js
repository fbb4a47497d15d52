"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMO_FINGERPRINT = exports.DEMO_MODEL_ID = void 0;
exports.newId = newId;
exports.nowSeconds = nowSeconds;
exports.estimateTokens = estimateTokens;
exports.errorBody = errorBody;
exports.serverErrorBody = serverErrorBody;
exports.chatUsage = chatUsage;
exports.chatCompletion = chatCompletion;
exports.chatChunk = chatChunk;
exports.chatDelta = chatDelta;
exports.textCompletion = textCompletion;
exports.completionUsage = completionUsage;
exports.responsesUsage = responsesUsage;
exports.responseMessage = responseMessage;
exports.outputText = outputText;
exports.responseObject = responseObject;
exports.embeddingVector = embeddingVector;
exports.vectorToBase64 = vectorToBase64;
exports.modelObject = modelObject;
/**
 * OpenAI wire objects, built to the shapes in the OpenAI API reference (and the `openai` SDK's
 * types), so that SDK clients and the gateway's dialect code see exactly what a real upstream sends.
 * Pure functions: ids and timestamps are passed in by the caller.
 */
const node_crypto_1 = require("node:crypto");
exports.DEMO_MODEL_ID = 'demo-echo';
exports.DEMO_FINGERPRINT = 'fp_demo_echo';
/** `chatcmpl-…`, `cmpl-…`, `resp_…`, `msg_…`: the same prefixes OpenAI uses. */
function newId(prefix) {
    return prefix + (0, node_crypto_1.randomBytes)(16).toString('hex');
}
function nowSeconds() {
    return Math.floor(Date.now() / 1000);
}
/** A rough token count (about 4 characters a token); the demo has no tokenizer and says so in docs. */
function estimateTokens(text) {
    const chars = Array.from(text).length;
    return chars === 0 ? 0 : Math.ceil(chars / 4);
}
function errorBody(message, code, param = null) {
    return { error: { message, type: 'invalid_request_error', param, code } };
}
function serverErrorBody(message) {
    return { error: { message, type: 'server_error', param: null, code: null } };
}
function chatUsage(promptTokens, completionTokens) {
    return {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
            reasoning_tokens: 0,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
        },
    };
}
function chatCompletion(meta, text, n, usage) {
    const choices = Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
    }));
    return {
        id: meta.id, object: 'chat.completion', created: meta.created, model: meta.model,
        choices, usage, service_tier: 'default', system_fingerprint: exports.DEMO_FINGERPRINT,
    };
}
/** One `chat.completion.chunk`; `usage` is present (null) on every chunk when include_usage is set. */
function chatChunk(meta, choices, usage) {
    const chunk = {
        id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model,
        service_tier: 'default', system_fingerprint: exports.DEMO_FINGERPRINT, choices,
    };
    if (usage !== undefined)
        chunk.usage = usage;
    return chunk;
}
function chatDelta(index, delta, finishReason) {
    return { index, delta, logprobs: null, finish_reason: finishReason };
}
/** Legacy `text_completion`; the streamed form uses the same object name for every chunk. */
function textCompletion(meta, choices, usage) {
    const body = {
        id: meta.id, object: 'text_completion', created: meta.created, model: meta.model,
        system_fingerprint: exports.DEMO_FINGERPRINT,
        choices: choices.map((c, index) => ({ text: c.text, index, logprobs: null, finish_reason: c.finish_reason })),
    };
    if (usage !== undefined)
        body.usage = usage;
    return body;
}
function completionUsage(promptTokens, completionTokens) {
    return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
function responsesUsage(inputTokens, outputTokens) {
    return {
        input_tokens: inputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: inputTokens + outputTokens,
    };
}
/** The assistant message output item of a Responses API `response`. */
function responseMessage(id, text, status) {
    const content = status === 'completed' ? [outputText(text)] : [];
    return { id, type: 'message', status, role: 'assistant', content };
}
function outputText(text) {
    return { type: 'output_text', text, annotations: [], logprobs: [] };
}
/**
 * A Responses API `response`. `output_text` is deliberately absent: it is not on the wire, the
 * SDK derives it from `output`.
 */
function responseObject(meta, status, output, usage) {
    return {
        id: meta.id, object: 'response', created_at: meta.created, status,
        background: false, error: null, incomplete_details: null, instructions: null,
        max_output_tokens: null, model: meta.model, output, parallel_tool_calls: true,
        previous_response_id: null, reasoning: { effort: null, summary: null }, service_tier: 'default',
        store: false, temperature: 1, text: { format: { type: 'text' } }, tool_choice: 'auto', tools: [],
        top_p: 1, truncation: 'disabled', usage, user: null, metadata: {},
    };
}
/**
 * A deterministic unit vector derived from SHA-256 of the input, so the same text always embeds
 * the same way. Values are rounded to float32 so the plain-float and base64 encodings agree.
 */
function embeddingVector(input, dimensions) {
    const values = [];
    for (let block = 0; values.length < dimensions; block++) {
        const digest = (0, node_crypto_1.createHash)('sha256').update(`${block}:${input}`).digest();
        for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2) {
            values.push(digest.readUInt16BE(i) / 32767.5 - 1);
        }
    }
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
    return values.map((v) => Math.fround(v / norm));
}
/** `encoding_format: 'base64'` (the SDK's default) is little-endian float32 bytes, base64-encoded. */
function vectorToBase64(vector) {
    const buf = Buffer.alloc(vector.length * 4);
    vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
    return buf.toString('base64');
}
function modelObject(created) {
    return { id: exports.DEMO_MODEL_ID, object: 'model', created, owned_by: 'compliance-gateway' };
}
