"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.chatStreamAdapter = chatStreamAdapter;
const json_path_1 = require("./json-path");
const openai_output_1 = require("./openai-output");
const stream_adapter_1 = require("../proxy/stream-adapter");
const choiceIndex = (c) => (typeof c.index === 'number' ? c.index : 0);
/** chat.completion.chunk and text_completion streams: one lane per choice and per tool call. */
function chatStreamAdapter(kind) {
    let template = {};
    const openChoices = new Set();
    /** One chunk carrying released text for content lanes (c0) and tool-call lanes (c0.t1). */
    const synthesize = (released) => {
        const byChoice = new Map();
        for (const [lane, text] of released) {
            const m = /^c(\d+)(?:\.t(\d+))?$/.exec(lane);
            if (!m || text.length === 0)
                continue;
            const entry = byChoice.get(Number(m[1])) ?? { tools: [] };
            if (m[2] === undefined)
                entry.content = text;
            else
                entry.tools.push({ index: Number(m[2]), function: { arguments: text } });
            byChoice.set(Number(m[1]), entry);
        }
        if (byChoice.size === 0)
            return [];
        const choices = [...byChoice].map(([index, e]) => kind === 'completions'
            ? { index, text: e.content ?? '', finish_reason: null }
            : { index, delta: { ...(e.content !== undefined ? { content: e.content } : {}), ...(e.tools.length > 0 ? { tool_calls: e.tools } : {}) }, finish_reason: null });
        return [{ data: JSON.stringify({ ...template, choices }) }];
    };
    return {
        read(ev) {
            if (ev.data === '[DONE]')
                return { deltas: [], finishing: [], terminal: true };
            const data = (0, stream_adapter_1.eventJson)(ev);
            if (!data || !Array.isArray(data.choices))
                return (0, stream_adapter_1.nothing)();
            template = data;
            const deltas = [];
            const finishing = [];
            for (const c of data.choices) {
                if (!(0, json_path_1.isRecord)(c))
                    continue;
                const i = choiceIndex(c);
                openChoices.add(i);
                if (kind === 'completions' && typeof c.text === 'string')
                    deltas.push({ lane: `c${i}`, path: `choices[${i}].text`, text: c.text });
                const d = c.delta;
                if ((0, json_path_1.isRecord)(d)) {
                    if (typeof d.content === 'string')
                        deltas.push({ lane: `c${i}`, path: `choices[${i}].message.content`, text: d.content });
                    if (Array.isArray(d.tool_calls)) {
                        for (const tc of d.tool_calls) {
                            if ((0, json_path_1.isRecord)(tc) && (0, json_path_1.isRecord)(tc.function) && typeof tc.function.arguments === 'string') {
                                const k = typeof tc.index === 'number' ? tc.index : 0;
                                deltas.push({ lane: `c${i}.t${k}`, path: `choices[${i}].message.tool_calls[${k}].function.arguments`, text: tc.function.arguments });
                            }
                        }
                    }
                }
                if (c.finish_reason !== null && c.finish_reason !== undefined) {
                    finishing.push(`c${i}`);
                    openChoices.delete(i);
                }
            }
            return { deltas, finishing, terminal: false, event: data };
        },
        write(ev, read, released) {
            const data = read.event;
            if (!data || !Array.isArray(data.choices))
                return [ev];
            const consumed = new Set();
            const take = (lane) => {
                consumed.add(lane);
                return released.get(lane) ?? '';
            };
            data.choices = data.choices.map((c) => {
                if (!(0, json_path_1.isRecord)(c))
                    return c;
                const i = choiceIndex(c);
                if (kind === 'completions' && (typeof c.text === 'string' || released.has(`c${i}`)))
                    c.text = take(`c${i}`);
                const d = c.delta;
                if ((0, json_path_1.isRecord)(d)) {
                    if (typeof d.content === 'string' || released.has(`c${i}`))
                        d.content = take(`c${i}`);
                    if (Array.isArray(d.tool_calls)) {
                        for (const tc of d.tool_calls) {
                            if ((0, json_path_1.isRecord)(tc) && (0, json_path_1.isRecord)(tc.function) && typeof tc.function.arguments === 'string')
                                tc.function.arguments = take(`c${i}.t${typeof tc.index === 'number' ? tc.index : 0}`);
                        }
                    }
                }
                return c;
            });
            // Text released for a lane this event does not carry (tool arguments held until the finish
            // chunk, say) goes out in a chunk of its own, before this one.
            const rest = new Map([...released].filter(([lane, text]) => !consumed.has(lane) && text.length > 0));
            return [...synthesize(rest), { ...ev, data: JSON.stringify(data) }];
        },
        flush: (released) => synthesize(released),
        blocked(_refusal, findings) {
            const results = (0, openai_output_1.contentFilterResults)(findings);
            const indices = openChoices.size > 0 ? [...openChoices] : [0];
            const choices = indices.map((index) => kind === 'completions'
                ? { index, text: '', finish_reason: 'content_filter', content_filter_results: results }
                : { index, delta: {}, finish_reason: 'content_filter', content_filter_results: results });
            return [{ data: JSON.stringify({ ...template, choices }) }, { data: '[DONE]' }];
        },
        failed(message) {
            return [{ data: JSON.stringify({ error: { message, type: 'server_error', param: null, code: 'upstream_error' } }) }];
        },
    };
}
