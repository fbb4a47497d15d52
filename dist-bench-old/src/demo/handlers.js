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
exports.postRoutes = void 0;
exports.sendJson = sendJson;
exports.handleModels = handleModels;
const echo_1 = require("./echo");
const anthropic_1 = require("./anthropic");
const sse = __importStar(require("./sse"));
const wire = __importStar(require("./wire"));
function sendJson(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
}
function missing(res, param) {
    sendJson(res, 400, wire.errorBody(`Missing required parameter: '${param}'.`, 'missing_required_parameter', param));
}
/** `n` between 1 and 128 as the API allows; anything else falls back to one choice. */
function choiceCount(n) {
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, 128) : 1;
}
function includeUsage(body) {
    return (0, echo_1.isRecord)(body.stream_options) && body.stream_options.include_usage === true;
}
const chatCompletions = async ({ body, res, replyText, timing }) => {
    if (!Array.isArray(body.messages))
        return missing(res, 'messages');
    const text = replyText();
    const meta = { id: wire.newId('chatcmpl-'), created: wire.nowSeconds(), model: wire.DEMO_MODEL_ID };
    const n = choiceCount(body.n);
    const usage = wire.chatUsage(wire.estimateTokens((0, echo_1.chatUserText)(body)), wire.estimateTokens(text) * n);
    if (body.stream === true) {
        return sse.streamChat(res, { meta, text, n, includeUsage: includeUsage(body), usage }, timing);
    }
    sendJson(res, 200, wire.chatCompletion(meta, text, n, usage));
};
const completions = async ({ body, res, replyText, timing }) => {
    if (body.prompt === undefined)
        return missing(res, 'prompt');
    const text = replyText();
    const meta = { id: wire.newId('cmpl-'), created: wire.nowSeconds(), model: wire.DEMO_MODEL_ID };
    const n = choiceCount(body.n);
    const usage = wire.completionUsage(wire.estimateTokens((0, echo_1.completionPromptText)(body)), wire.estimateTokens(text) * n);
    if (body.stream === true) {
        return sse.streamCompletion(res, { meta, text, includeUsage: includeUsage(body), usage }, timing);
    }
    const choices = Array.from({ length: n }, () => ({ text, finish_reason: 'stop' }));
    sendJson(res, 200, wire.textCompletion(meta, choices, usage));
};
const responses = async ({ body, res, replyText, timing }) => {
    const text = replyText();
    const meta = { id: wire.newId('resp_'), created: wire.nowSeconds(), model: wire.DEMO_MODEL_ID };
    const messageId = wire.newId('msg_');
    const usage = wire.responsesUsage(wire.estimateTokens((0, echo_1.responsesInputText)(body)), wire.estimateTokens(text));
    if (body.stream === true)
        return sse.streamResponse(res, { meta, messageId, text, usage }, timing);
    const output = [wire.responseMessage(messageId, text, 'completed')];
    sendJson(res, 200, wire.responseObject(meta, 'completed', output, usage));
};
/** `input` may be a string, strings, token ids, or lists of token ids; each list is one input. */
function embeddingInputs(input) {
    if (typeof input === 'string')
        return [input];
    if (!Array.isArray(input) || input.length === 0)
        return undefined;
    if (input.every((x) => typeof x === 'number'))
        return [JSON.stringify(input)];
    return input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}
const embeddings = ({ body, res }) => {
    const inputs = embeddingInputs(body.input);
    if (!inputs)
        return missing(res, 'input');
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
exports.postRoutes = {
    '/v1/chat/completions': chatCompletions,
    '/v1/completions': completions,
    '/v1/responses': responses,
    '/v1/embeddings': embeddings,
    '/v1/messages': anthropic_1.anthropicMessages,
};
/** GET /v1/models and GET /v1/models/{id}; false when the path is not a models path. */
function handleModels(res, path, startedAt) {
    if (path === '/v1/models') {
        sendJson(res, 200, { object: 'list', data: [wire.modelObject(startedAt)] });
        return true;
    }
    const match = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (!match)
        return false;
    let id = match[1];
    try {
        id = decodeURIComponent(id);
    }
    catch {
        // A malformed escape is just an unknown model, not a server error.
    }
    if (id === wire.DEMO_MODEL_ID)
        sendJson(res, 200, wire.modelObject(startedAt));
    else
        sendJson(res, 404, wire.errorBody(`The model '${id}' does not exist`, 'model_not_found', 'model'));
    return true;
}
