"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolvePointer = resolvePointer;
exports.genericDialect = genericDialect;
/**
 * The generic JSON dialect for any other model API: the route's config says, as JSON Pointers with
 * a `*` wildcard for array elements, where the prompt texts and the output texts are, how a refused
 * prompt is answered, and what marks a blocked output. Streams are guarded when the config names
 * the text delta in each SSE event.
 */
const errors_1 = require("../errors");
const stream_adapter_1 = require("../proxy/stream-adapter");
const json_path_1 = require("./json-path");
function unescapeToken(t) {
    return t.replace(/~1/g, '/').replace(/~0/g, '~');
}
/** Every concrete path a pointer with `*` wildcards matches in `doc`, with the string found there. */
function resolvePointer(doc, pointer) {
    let frontier = [{ tokens: [], value: doc }];
    for (const raw of pointer.split('/').slice(1).map(unescapeToken)) {
        const next = [];
        for (const { tokens, value } of frontier) {
            if (raw === '*' && Array.isArray(value))
                value.forEach((v, i) => next.push({ tokens: [...tokens, i], value: v }));
            else if (Array.isArray(value) && /^\d+$/.test(raw) && Number(raw) < value.length)
                next.push({ tokens: [...tokens, Number(raw)], value: value[Number(raw)] });
            else if ((0, json_path_1.isRecord)(value) && Object.prototype.hasOwnProperty.call(value, raw))
                next.push({ tokens: [...tokens, raw], value: value[raw] });
        }
        frontier = next;
    }
    return frontier;
}
function collect(doc, pointers, role) {
    const out = [];
    for (const p of pointers) {
        for (const { tokens, value } of resolvePointer(doc, p)) {
            if (typeof value === 'string' && value.length > 0)
                out.push({ path: (0, json_path_1.formatPath)(tokens), role, text: value });
        }
    }
    return out;
}
/** Replaces every "{{message}}" string in a template with the message. */
function fill(template, message) {
    if (typeof template === 'string')
        return template.replace(/\{\{message\}\}/g, message);
    if (Array.isArray(template))
        return template.map((t) => fill(t, message));
    if ((0, json_path_1.isRecord)(template))
        return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, message)]));
    return template;
}
function genericStream(cfg) {
    const pointer = cfg.stream_delta;
    return {
        read(ev) {
            if (!pointer)
                return (0, stream_adapter_1.nothing)();
            const data = (0, stream_adapter_1.eventJson)(ev);
            if (!data)
                return (0, stream_adapter_1.nothing)();
            const hit = resolvePointer(data, pointer).find((h) => typeof h.value === 'string');
            return { deltas: hit ? [{ lane: 'g0', path: pointer, text: hit.value }] : [], finishing: [], terminal: false, event: data };
        },
        write(ev, read, released) {
            const data = read.event;
            if (!data || !pointer || read.deltas.length === 0)
                return [ev];
            const text = released.get('g0') ?? '';
            if (text.length === 0)
                return [];
            const hit = resolvePointer(data, pointer)[0];
            (0, json_path_1.setAtPath)(data, (0, json_path_1.formatPath)(hit.tokens), text);
            return [{ ...ev, data: JSON.stringify(data) }];
        },
        flush(released) {
            const text = released.get('g0');
            return text ? [{ data: JSON.stringify({ delta: text }) }] : [];
        },
        blocked(refusal) {
            const ev = { data: JSON.stringify({ ...cfg.output_blocked, refusal }) };
            return [ev];
        },
        failed(message) {
            return [{ event: 'error', data: JSON.stringify({ error: { message, code: 'upstream_error' } }) }];
        },
    };
}
function genericDialect(cfg) {
    return {
        id: 'generic',
        route: 'generic',
        extractInput: (body) => collect(body, cfg.input, 'user'),
        extractOutput: (body) => collect(body, cfg.output, 'assistant'),
        applyOutputBlock(body, segments, _blocking, refusal) {
            segments.forEach((s, i) => (0, json_path_1.setAtPath)(body, s.path, i === 0 ? refusal : ''));
            Object.assign(body, cfg.output_blocked);
        },
        promptBlocked: (refusal) => ({ status: cfg.refusal.status, body: fill(cfg.refusal.body, refusal) }),
        errorBody: (err) => ({ error: { message: err.message, type: (0, errors_1.openAiErrorType)(err.code), code: err.code } }),
        streamAdapter: () => genericStream(cfg),
    };
}
