"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.anthropicStreamAdapter = anthropicStreamAdapter;
const stream_adapter_1 = require("../proxy/stream-adapter");
const json_path_1 = require("./json-path");
const typed = (type, body = {}) => ({ event: type, data: JSON.stringify({ type, ...body }) });
function anthropicStreamAdapter() {
    const open = new Set();
    const deltaKind = new Map();
    const releasedDeltas = (released) => [...released]
        .filter(([, text]) => text.length > 0)
        .map(([lane, text]) => {
        const index = Number(lane.slice(1));
        const kind = deltaKind.get(index) ?? 'text_delta';
        return typed('content_block_delta', { index, delta: kind === 'text_delta' ? { type: kind, text } : { type: kind, partial_json: text } });
    });
    return {
        read(ev) {
            const data = (0, stream_adapter_1.eventJson)(ev);
            if (!data)
                return (0, stream_adapter_1.nothing)();
            const index = typeof data.index === 'number' ? data.index : 0;
            if (data.type === 'content_block_start')
                open.add(index);
            if (data.type === 'content_block_delta' && (0, json_path_1.isRecord)(data.delta)) {
                const d = data.delta;
                if (d.type === 'text_delta' && typeof d.text === 'string') {
                    deltaKind.set(index, 'text_delta');
                    return { deltas: [{ lane: `b${index}`, path: `content[${index}].text`, text: d.text }], finishing: [], terminal: false, event: data };
                }
                if (d.type === 'input_json_delta' && typeof d.partial_json === 'string') {
                    deltaKind.set(index, 'input_json_delta');
                    return { deltas: [{ lane: `b${index}`, path: `content[${index}].input`, text: d.partial_json }], finishing: [], terminal: false, event: data };
                }
            }
            if (data.type === 'content_block_stop') {
                open.delete(index);
                return { deltas: [], finishing: [`b${index}`], terminal: false, event: data };
            }
            return { deltas: [], finishing: [], terminal: data.type === 'message_stop', event: data };
        },
        write(ev, read, released) {
            const data = read.event;
            if (!data)
                return [ev];
            if (data.type === 'content_block_delta' && (0, json_path_1.isRecord)(data.delta) && read.deltas.length > 0) {
                const text = released.get(read.deltas[0].lane) ?? '';
                if (text.length === 0)
                    return [];
                const delta = data.delta.type === 'text_delta' ? { ...data.delta, text } : { ...data.delta, partial_json: text };
                return [{ ...ev, data: JSON.stringify({ ...data, delta }) }];
            }
            return [...releasedDeltas(released), ev];
        },
        flush: releasedDeltas,
        blocked() {
            const closing = [...open].map((index) => typed('content_block_stop', { index }));
            return [...closing, typed('message_delta', { delta: { stop_reason: 'refusal', stop_sequence: null }, usage: { output_tokens: 0 } }), typed('message_stop')];
        },
        failed(message) {
            return [typed('error', { error: { type: 'api_error', message } })];
        },
    };
}
