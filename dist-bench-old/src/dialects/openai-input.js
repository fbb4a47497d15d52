"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.extractInput = extractInput;
const json_path_1 = require("./json-path");
class Collector {
    segments = [];
    add(tokens, text, role) {
        if (typeof text === 'string' && text.length > 0)
            this.segments.push({ path: (0, json_path_1.formatPath)(tokens), role, text });
    }
}
/** Content: a string, or an array of parts ({type:'text', text}, {type:'input_text', text}, …). */
function collectContent(c, tokens, content, role) {
    if (typeof content === 'string')
        return c.add(tokens, content, role);
    if (!Array.isArray(content))
        return;
    content.forEach((part, j) => {
        if (typeof part === 'string')
            return c.add([...tokens, j], part, role);
        if (!(0, json_path_1.isRecord)(part))
            return;
        c.add([...tokens, j, 'text'], part.text, role);
        c.add([...tokens, j, 'refusal'], part.refusal, role);
    });
}
function collectToolCalls(c, tokens, calls, role) {
    if (!Array.isArray(calls))
        return;
    calls.forEach((call, k) => {
        if ((0, json_path_1.isRecord)(call) && (0, json_path_1.isRecord)(call.function))
            c.add([...tokens, k, 'function', 'arguments'], call.function.arguments, role);
    });
}
function collectTools(c, tools) {
    if (!Array.isArray(tools))
        return;
    tools.forEach((tool, k) => {
        if (!(0, json_path_1.isRecord)(tool))
            return;
        if ((0, json_path_1.isRecord)(tool.function))
            c.add(['tools', k, 'function', 'description'], tool.function.description, 'tool_definition');
        else
            c.add(['tools', k, 'description'], tool.description, 'tool_definition');
        // The parameter schema is prompt text too (property names, descriptions, enum values).
        const fn = (0, json_path_1.isRecord)(tool.function) ? tool.function : tool;
        if ((0, json_path_1.isRecord)(fn.parameters))
            c.add(['tools', k, ...(fn === tool ? [] : ['function']), 'parameters'], (0, json_path_1.jsonText)(fn.parameters), 'tool_definition');
    });
}
/** A JSON schema the model is asked to follow (response_format, text.format) is read like a prompt. */
function collectSchema(c, tokens, holder) {
    if ((0, json_path_1.isRecord)(holder) && (0, json_path_1.isRecord)(holder.schema))
        c.add([...tokens, 'schema'], (0, json_path_1.jsonText)(holder.schema), 'system');
}
function chat(body, c) {
    if (Array.isArray(body.messages)) {
        body.messages.forEach((m, i) => {
            if (!(0, json_path_1.isRecord)(m))
                return;
            const role = typeof m.role === 'string' ? m.role : undefined;
            collectContent(c, ['messages', i, 'content'], m.content, role);
            collectToolCalls(c, ['messages', i, 'tool_calls'], m.tool_calls, role);
            if ((0, json_path_1.isRecord)(m.function_call))
                c.add(['messages', i, 'function_call', 'arguments'], m.function_call.arguments, role);
        });
    }
    collectTools(c, body.tools);
    if ((0, json_path_1.isRecord)(body.response_format))
        collectSchema(c, ['response_format', 'json_schema'], body.response_format.json_schema);
}
function completions(body, c) {
    if (typeof body.prompt === 'string')
        c.add(['prompt'], body.prompt, 'user');
    else if (Array.isArray(body.prompt))
        body.prompt.forEach((p, i) => c.add(['prompt', i], p, 'user'));
    c.add(['suffix'], body.suffix, 'user');
}
function responses(body, c) {
    c.add(['instructions'], body.instructions, 'system');
    if (typeof body.input === 'string')
        c.add(['input'], body.input, 'user');
    else if (Array.isArray(body.input)) {
        body.input.forEach((item, i) => {
            if (typeof item === 'string')
                return c.add(['input', i], item, 'user');
            if (!(0, json_path_1.isRecord)(item))
                return;
            const role = typeof item.role === 'string' ? item.role : typeof item.type === 'string' ? item.type : undefined;
            collectContent(c, ['input', i, 'content'], item.content, role);
            c.add(['input', i, 'arguments'], item.arguments, role);
            // A tool output is a string or, in newer API versions, content parts; reasoning has a summary.
            collectContent(c, ['input', i, 'output'], item.output, role);
            collectContent(c, ['input', i, 'summary'], item.summary, role);
            c.add(['input', i, 'text'], item.text, role);
        });
    }
    collectTools(c, body.tools);
    // Prompt templates: the variables are substituted into the prompt upstream.
    if ((0, json_path_1.isRecord)(body.prompt) && (0, json_path_1.isRecord)(body.prompt.variables))
        c.add(['prompt', 'variables'], (0, json_path_1.jsonText)(body.prompt.variables), 'user');
    if ((0, json_path_1.isRecord)(body.text))
        collectSchema(c, ['text', 'format'], body.text.format);
}
function embeddings(body, c) {
    if (typeof body.input === 'string')
        c.add(['input'], body.input, 'user');
    else if (Array.isArray(body.input))
        body.input.forEach((p, i) => c.add(['input', i], p, 'user'));
}
const EXTRACTORS = { chat, completions, responses, embeddings };
function extractInput(route, body) {
    const c = new Collector();
    EXTRACTORS[route](body, c);
    return c.segments;
}
