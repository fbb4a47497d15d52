"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.openAiDialect = openAiDialect;
const openai_errors_1 = require("./openai-errors");
const openai_input_1 = require("./openai-input");
const openai_output_1 = require("./openai-output");
const openai_stream_1 = require("./openai-stream");
const responses_stream_1 = require("./responses-stream");
function openAiDialect(route) {
    return {
        id: 'openai',
        route,
        extractInput: (body) => (0, openai_input_1.extractInput)(route, body),
        extractOutput: (body) => (0, openai_output_1.extractOutput)(route, body),
        applyOutputBlock: (body, segments, blocking, refusal) => (0, openai_output_1.applyOutputBlock)(route, body, segments, blocking, refusal),
        promptBlocked: (refusal, findings) => ({ status: 400, body: (0, openai_errors_1.promptBlockedError)(refusal, findings) }),
        errorBody: openai_errors_1.openAiError,
        streamAdapter: () => (route === 'responses' ? (0, responses_stream_1.responsesStreamAdapter)() : (0, openai_stream_1.chatStreamAdapter)(route === 'completions' ? 'completions' : 'chat')),
    };
}
