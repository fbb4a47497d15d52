"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.responsesStreamAdapter = responsesStreamAdapter;
const json_path_1 = require("./json-path");
const openai_output_1 = require("./openai-output");
const stream_adapter_1 = require("../proxy/stream-adapter");
const num = (v) => (typeof v === 'number' ? v : 0);
function rewriteOutput(output, sent, oi) {
    if (!Array.isArray(output))
        return;
    output.forEach((item, i) => {
        const index = oi ?? i;
        if (!(0, json_path_1.isRecord)(item))
            return;
        if (typeof item.arguments === 'string')
            item.arguments = sent(`o${index}.args`);
        if (Array.isArray(item.content)) {
            item.content.forEach((part, ci) => {
                if ((0, json_path_1.isRecord)(part) && typeof part.text === 'string')
                    part.text = sent(`o${index}.c${ci}`);
            });
        }
    });
}
function responsesStreamAdapter() {
    let response = {};
    let sequence = 0;
    const typed = (type, body) => ({ event: type, data: JSON.stringify({ type, sequence_number: ++sequence, ...body }) });
    const releasedDeltas = (released) => {
        const out = [];
        for (const [lane, text] of released) {
            const m = /^o(\d+)\.(?:c(\d+)|args)$/.exec(lane);
            if (!m || text.length === 0)
                continue;
            out.push(lane.endsWith('.args') ? typed('response.function_call_arguments.delta', { output_index: Number(m[1]), delta: text }) : typed('response.output_text.delta', { output_index: Number(m[1]), content_index: Number(m[2]), delta: text }));
        }
        return out;
    };
    return {
        read(ev) {
            const data = (0, stream_adapter_1.eventJson)(ev);
            if (!data)
                return (0, stream_adapter_1.nothing)();
            sequence = Math.max(sequence, num(data.sequence_number));
            if ((0, json_path_1.isRecord)(data.response))
                response = data.response;
            const oi = num(data.output_index);
            const ci = num(data.content_index);
            switch (data.type) {
                case 'response.output_text.delta':
                    return { deltas: typeof data.delta === 'string' ? [{ lane: `o${oi}.c${ci}`, path: `output[${oi}].content[${ci}].text`, text: data.delta }] : [], finishing: [], terminal: false, event: data };
                case 'response.function_call_arguments.delta':
                    return { deltas: typeof data.delta === 'string' ? [{ lane: `o${oi}.args`, path: `output[${oi}].arguments`, text: data.delta }] : [], finishing: [], terminal: false, event: data };
                case 'response.output_text.done':
                case 'response.content_part.done':
                    return { deltas: [], finishing: [`o${oi}.c${ci}`], terminal: false, event: data };
                case 'response.function_call_arguments.done':
                    return { deltas: [], finishing: [`o${oi}.args`], terminal: false, event: data };
                case 'response.output_item.done':
                    return { deltas: [], finishing: [`o${oi}`], terminal: false, event: data };
                case 'response.completed':
                case 'response.incomplete':
                case 'response.failed':
                    return { deltas: [], finishing: [], terminal: true, event: data };
                default:
                    return { deltas: [], finishing: [], terminal: false, event: data };
            }
        },
        write(ev, read, released, sent) {
            const data = read.event;
            if (!data)
                return [ev];
            const before = [];
            const oi = num(data.output_index);
            if (data.type === 'response.output_text.delta' || data.type === 'response.function_call_arguments.delta') {
                const lane = data.type === 'response.output_text.delta' ? `o${oi}.c${num(data.content_index)}` : `o${oi}.args`;
                const text = released.get(lane) ?? '';
                // Nothing releasable yet: drop the event rather than send an empty delta.
                return text.length === 0 ? [] : [{ ...ev, data: JSON.stringify({ ...data, delta: text }) }];
            }
            // Text released by a `done` goes out as one last delta before it.
            before.push(...releasedDeltas(released));
            if (data.type === 'response.output_text.done')
                data.text = sent(`o${oi}.c${num(data.content_index)}`);
            if (data.type === 'response.function_call_arguments.done')
                data.arguments = sent(`o${oi}.args`);
            if (data.type === 'response.content_part.done' && (0, json_path_1.isRecord)(data.part) && typeof data.part.text === 'string')
                data.part.text = sent(`o${oi}.c${num(data.content_index)}`);
            if (data.type === 'response.output_item.done' && (0, json_path_1.isRecord)(data.item))
                rewriteOutput([data.item], sent, oi);
            if ((0, json_path_1.isRecord)(data.response))
                rewriteOutput(data.response.output, sent);
            return [...before, { ...ev, data: JSON.stringify(data) }];
        },
        flush(released) {
            return releasedDeltas(released);
        },
        blocked(refusal, findings) {
            const body = { ...response, status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [{ type: 'message', id: 'msg_content_filter', role: 'assistant', status: 'incomplete', content: [{ type: 'refusal', refusal }] }], content_filter_results: (0, openai_output_1.contentFilterResults)(findings) };
            return [typed('response.incomplete', { response: body })];
        },
        failed(message) {
            return [typed('error', { code: 'upstream_error', message, param: null })];
        },
    };
}
