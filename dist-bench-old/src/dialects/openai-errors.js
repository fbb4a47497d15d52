"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.openAiError = openAiError;
exports.promptBlockedError = promptBlockedError;
/** OpenAI-shaped error bodies, and the Azure OpenAI content-filter refusal that SDKs understand. */
const errors_1 = require("../errors");
const openai_output_1 = require("./openai-output");
function openAiError(err) {
    return { error: { message: err.message, type: (0, errors_1.openAiErrorType)(err.code), param: err.param, code: err.code } };
}
/** HTTP 400 body for a blocked prompt (Azure OpenAI's ResponsibleAIPolicyViolation shape). */
function promptBlockedError(message, findings) {
    return {
        error: {
            message,
            type: 'invalid_request_error',
            param: 'prompt',
            code: 'content_filter',
            innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: (0, openai_output_1.contentFilterResults)(findings) },
        },
    };
}
