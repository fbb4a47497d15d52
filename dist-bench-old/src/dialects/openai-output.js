"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.extractOutput = extractOutput;
exports.contentFilterResults = contentFilterResults;
exports.applyOutputBlock = applyOutputBlock;
const json_path_1 = require("./json-path");
function add(segments, tokens, text) {
    if (typeof text === 'string' && text.length > 0)
        segments.push({ path: (0, json_path_1.formatPath)(tokens), role: 'assistant', text });
}
function extractOutput(route, body) {
    const segments = [];
    if (!(0, json_path_1.isRecord)(body))
        return segments;
    if (route === 'chat' || route === 'completions') {
        if (!Array.isArray(body.choices))
            return segments;
        body.choices.forEach((choice, i) => {
            if (!(0, json_path_1.isRecord)(choice))
                return;
            add(segments, ['choices', i, 'text'], choice.text);
            const m = choice.message;
            if (!(0, json_path_1.isRecord)(m))
                return;
            add(segments, ['choices', i, 'message', 'content'], m.content);
            if (Array.isArray(m.tool_calls)) {
                m.tool_calls.forEach((call, k) => {
                    if ((0, json_path_1.isRecord)(call) && (0, json_path_1.isRecord)(call.function))
                        add(segments, ['choices', i, 'message', 'tool_calls', k, 'function', 'arguments'], call.function.arguments);
                });
            }
            if ((0, json_path_1.isRecord)(m.function_call))
                add(segments, ['choices', i, 'message', 'function_call', 'arguments'], m.function_call.arguments);
        });
    }
    else if (route === 'responses' && Array.isArray(body.output)) {
        body.output.forEach((item, i) => {
            if (!(0, json_path_1.isRecord)(item))
                return;
            add(segments, ['output', i, 'arguments'], item.arguments);
            if (!Array.isArray(item.content))
                return;
            item.content.forEach((part, j) => {
                if ((0, json_path_1.isRecord)(part))
                    add(segments, ['output', i, 'content', j, 'text'], part.text);
            });
        });
    }
    return segments;
}
/** Azure OpenAI's per-category filter result, keyed by our category codes. */
function contentFilterResults(findings) {
    const out = {};
    for (const f of findings)
        out[f.category] = { filtered: true, severity: f.severity };
    return out;
}
/** Index of the choice (or output item) a segment path belongs to. */
function ownerIndex(path) {
    const m = /^(?:choices|output)\[(\d+)\]/.exec(path);
    return m ? Number(m[1]) : -1;
}
/**
 * Rewrites a parsed response in place so that every choice holding a blocking finding carries the
 * refusal instead of its text. Choices without one are left as the model wrote them.
 */
function applyOutputBlock(route, body, segments, blocking, refusal) {
    const owners = new Set(blocking.map((f) => ownerIndex(segments[f.segment]?.path ?? '')));
    const results = (index) => contentFilterResults(blocking.filter((f) => ownerIndex(segments[f.segment]?.path ?? '') === index));
    if ((route === 'chat' || route === 'completions') && Array.isArray(body.choices)) {
        body.choices.forEach((choice, i) => {
            if (!owners.has(i) || !(0, json_path_1.isRecord)(choice))
                return;
            if (route === 'completions')
                choice.text = refusal;
            else
                choice.message = { role: 'assistant', content: refusal, refusal: null };
            choice.finish_reason = 'content_filter';
            choice.content_filter_results = results(i);
        });
    }
    else if (route === 'responses' && Array.isArray(body.output)) {
        body.output = body.output.map((item, i) => owners.has(i) && (0, json_path_1.isRecord)(item)
            ? { type: 'message', id: item.id, role: 'assistant', status: 'incomplete', content: [{ type: 'refusal', refusal: refusal }] }
            : item);
        body.status = 'incomplete';
        body.incomplete_details = { reason: 'content_filter' };
    }
}
