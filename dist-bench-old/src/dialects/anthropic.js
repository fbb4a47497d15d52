"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.anthropicError = anthropicError;
exports.anthropicDialect = anthropicDialect;
/**
 * The Anthropic Messages dialect (`POST /v1/messages`): system prompt (string or text blocks), every
 * message's string or block content (text, tool_use input, tool_result content, thinking), and tool
 * descriptions; refusals as Anthropic's 400 error for prompts and `stop_reason: "refusal"` for
 * outputs. `x-api-key` and `anthropic-version` are end-to-end headers and pass through.
 */
const errors_1 = require("../errors");
const anthropic_stream_1 = require("./anthropic-stream");
const json_path_1 = require("./json-path");
function add(out, tokens, text, role) {
    if (typeof text === 'string' && text.length > 0)
        out.push({ path: (0, json_path_1.formatPath)(tokens), role, text });
}
/** Nested block content (tool_result in tool_result …) deeper than this is refused, not walked. */
const MAX_BLOCK_DEPTH = 32;
/**
 * Text blocks, tool_use input (as JSON text), thinking, documents (plain-text source, content
 * source, title, context), and the content of any block that has blocks inside (tool_result,
 * search_result, future types): every place the model reads text.
 */
function blocks(out, tokens, content, role, depth = 0) {
    if (typeof content === 'string')
        return add(out, tokens, content, role);
    if (!Array.isArray(content))
        return;
    if (depth > MAX_BLOCK_DEPTH)
        throw new errors_1.GatewayError('invalid_request', `Content blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep.`);
    content.forEach((block, i) => {
        if (!(0, json_path_1.isRecord)(block))
            return;
        add(out, [...tokens, i, 'text'], block.text, role);
        add(out, [...tokens, i, 'thinking'], block.thinking, role);
        add(out, [...tokens, i, 'title'], block.title, role);
        add(out, [...tokens, i, 'context'], block.context, role);
        if (block.input !== undefined)
            add(out, [...tokens, i, 'input'], (0, json_path_1.jsonText)(block.input), role);
        if ((0, json_path_1.isRecord)(block.source)) {
            if (block.source.type === 'text')
                add(out, [...tokens, i, 'source', 'data'], block.source.data, role);
            blocks(out, [...tokens, i, 'source', 'content'], block.source.content, role, depth + 1);
        }
        if (block.type === 'tool_result' || Array.isArray(block.content))
            blocks(out, [...tokens, i, 'content'], block.content, block.type === 'tool_result' ? 'tool' : role, depth + 1);
    });
}
function extractInput(body) {
    const out = [];
    blocks(out, ['system'], body.system, 'system');
    if (Array.isArray(body.messages)) {
        body.messages.forEach((m, i) => {
            if ((0, json_path_1.isRecord)(m))
                blocks(out, ['messages', i, 'content'], m.content, typeof m.role === 'string' ? m.role : undefined);
        });
    }
    if (Array.isArray(body.tools)) {
        body.tools.forEach((t, i) => {
            if (!(0, json_path_1.isRecord)(t))
                return;
            add(out, ['tools', i, 'description'], t.description, 'tool_definition');
            if ((0, json_path_1.isRecord)(t.input_schema))
                add(out, ['tools', i, 'input_schema'], (0, json_path_1.jsonText)(t.input_schema), 'tool_definition');
        });
    }
    return out;
}
function extractOutput(body) {
    const out = [];
    if ((0, json_path_1.isRecord)(body))
        blocks(out, ['content'], body.content, 'assistant');
    return out;
}
/** Anthropic's error `type` for a gateway error code. */
function errorType(code) {
    const status = (0, errors_1.statusForCode)(code);
    if (status === 401)
        return 'authentication_error';
    if (status === 403)
        return 'permission_error';
    if (status === 404)
        return 'not_found_error';
    if (status === 413)
        return 'request_too_large';
    if (status === 429)
        return 'rate_limit_error';
    if (status === 504)
        return 'timeout_error';
    if (status < 500)
        return 'invalid_request_error';
    return 'api_error';
}
function anthropicError(err) {
    return { type: 'error', error: { type: errorType(err.code), message: err.message } };
}
function anthropicDialect() {
    return {
        id: 'anthropic',
        route: 'messages',
        extractInput,
        extractOutput,
        applyOutputBlock(body, _segments, _blocking, refusal) {
            // A message holds one answer: a single blocking finding replaces all of its content.
            body.content = [{ type: 'text', text: refusal }];
            body.stop_reason = 'refusal';
            body.stop_sequence = null;
        },
        promptBlocked: (refusal) => ({ status: 400, body: anthropicError(new errors_1.GatewayError('content_filter', refusal)) }),
        errorBody: anthropicError,
        streamAdapter: anthropic_stream_1.anthropicStreamAdapter,
    };
}
