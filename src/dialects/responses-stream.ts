/**
 * Responses API streams (typed events with `sequence_number`): text arrives in
 * `response.output_text.delta` and tool arguments in `response.function_call_arguments.delta`;
 * the `*.done`, `response.output_item.done` and `response.completed` events repeat the whole text,
 * so they are rewritten to exactly what the client received.
 */
import type { Finding } from '../types';
import { isRecord } from './json-path';
import { contentFilterResults } from './openai-output';
import type { SseEvent } from '../proxy/sse';
import { eventJson, nothing, type StreamAdapter, type StreamRead } from '../proxy/stream-adapter';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

function rewriteOutput(output: unknown, sent: (lane: string) => string, oi?: number): void {
  if (!Array.isArray(output)) return;
  output.forEach((item, i) => {
    const index = oi ?? i;
    if (!isRecord(item)) return;
    if (typeof item.arguments === 'string') item.arguments = sent(`o${index}.args`);
    if (Array.isArray(item.content)) {
      item.content.forEach((part, ci) => {
        if (isRecord(part) && typeof part.text === 'string') part.text = sent(`o${index}.c${ci}`);
      });
    }
  });
}

export function responsesStreamAdapter(): StreamAdapter {
  let response: Record<string, unknown> = {};
  let sequence = 0;
  const typed = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, sequence_number: ++sequence, ...body }) });

  const releasedDeltas = (released: Map<string, string>): SseEvent[] => {
    const out: SseEvent[] = [];
    for (const [lane, text] of released) {
      const m = /^o(\d+)\.(?:c(\d+)|args)$/.exec(lane);
      if (!m || text.length === 0) continue;
      out.push(lane.endsWith('.args') ? typed('response.function_call_arguments.delta', { output_index: Number(m[1]), delta: text }) : typed('response.output_text.delta', { output_index: Number(m[1]), content_index: Number(m[2]), delta: text }));
    }
    return out;
  };

  return {
    read(ev): StreamRead {
      const data = eventJson(ev);
      if (!data) return nothing();
      sequence = Math.max(sequence, num(data.sequence_number));
      if (isRecord(data.response)) response = data.response;
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
      if (!data) return [ev];
      const before: SseEvent[] = [];
      const oi = num(data.output_index);
      if (data.type === 'response.output_text.delta' || data.type === 'response.function_call_arguments.delta') {
        const lane = data.type === 'response.output_text.delta' ? `o${oi}.c${num(data.content_index)}` : `o${oi}.args`;
        const text = released.get(lane) ?? '';
        // Nothing releasable yet: drop the event rather than send an empty delta.
        return text.length === 0 ? [] : [{ ...ev, data: JSON.stringify({ ...data, delta: text }) }];
      }
      // Text released by a `done` goes out as one last delta before it.
      before.push(...releasedDeltas(released));
      if (data.type === 'response.output_text.done') data.text = sent(`o${oi}.c${num(data.content_index)}`);
      if (data.type === 'response.function_call_arguments.done') data.arguments = sent(`o${oi}.args`);
      if (data.type === 'response.content_part.done' && isRecord(data.part) && typeof data.part.text === 'string') data.part.text = sent(`o${oi}.c${num(data.content_index)}`);
      if (data.type === 'response.output_item.done' && isRecord(data.item)) rewriteOutput([data.item], sent, oi);
      if (isRecord(data.response)) rewriteOutput(data.response.output, sent);
      return [...before, { ...ev, data: JSON.stringify(data) }];
    },

    flush(released) {
      return releasedDeltas(released);
    },

    blocked(refusal: string, findings: Finding[]) {
      const body = { ...response, status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [{ type: 'message', id: 'msg_content_filter', role: 'assistant', status: 'incomplete', content: [{ type: 'refusal', refusal }] }], content_filter_results: contentFilterResults(findings) };
      return [typed('response.incomplete', { response: body })];
    },

    failed(message: string) {
      return [typed('error', { code: 'upstream_error', message, param: null })];
    },
  };
}
