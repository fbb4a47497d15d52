/**
 * OpenAI streaming formats for the stream guard: chat.completion.chunk (content and tool-call
 * argument deltas, n > 1 choices), text_completion chunks, and the Responses API's typed events.
 * `read` says which lane texts an event carries; `write` puts back what may be released now.
 */
import type { Finding } from '../types';
import { isRecord } from './json-path';
import { contentFilterResults } from './openai-output';
import type { SseEvent } from '../proxy/sse';
import type { StreamAdapter, StreamRead } from '../proxy/stream-adapter';

function parse(ev: SseEvent): Record<string, unknown> | null {
  if (ev.comment !== undefined || ev.data === '[DONE]') return null;
  try {
    const v: unknown = JSON.parse(ev.data);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

const choiceIndex = (c: Record<string, unknown>): number => (typeof c.index === 'number' ? c.index : 0);

/** chat.completion.chunk and text_completion streams: one lane per choice and per tool call. */
export function chatStreamAdapter(kind: 'chat' | 'completions'): StreamAdapter {
  let template: Record<string, unknown> = {};
  const openChoices = new Set<number>();
  return {
    read(ev): StreamRead {
      if (ev.data === '[DONE]') return { deltas: [], finishing: [], terminal: true };
      const data = parse(ev);
      if (!data || !Array.isArray(data.choices)) return { deltas: [], finishing: [], terminal: false };
      template = data;
      const deltas: StreamRead['deltas'] = [];
      const finishing: string[] = [];
      for (const c of data.choices) {
        if (!isRecord(c)) continue;
        const i = choiceIndex(c);
        openChoices.add(i);
        if (kind === 'completions' && typeof c.text === 'string') deltas.push({ lane: `c${i}`, path: `choices[${i}].text`, text: c.text });
        const d = c.delta;
        if (isRecord(d)) {
          if (typeof d.content === 'string') deltas.push({ lane: `c${i}`, path: `choices[${i}].message.content`, text: d.content });
          if (Array.isArray(d.tool_calls)) {
            for (const tc of d.tool_calls) {
              if (isRecord(tc) && isRecord(tc.function) && typeof tc.function.arguments === 'string') {
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
      if (!data || !Array.isArray(data.choices)) return [ev];
      const laneText = (lane: string): string => released.get(lane) ?? '';
      data.choices = data.choices.map((c) => {
        if (!isRecord(c)) return c;
        const i = choiceIndex(c);
        if (kind === 'completions' && typeof c.text === 'string') c.text = laneText(`c${i}`);
        const d = c.delta;
        if (isRecord(d)) {
          if (typeof d.content === 'string' || released.has(`c${i}`)) d.content = laneText(`c${i}`);
          if (Array.isArray(d.tool_calls)) {
            for (const tc of d.tool_calls) {
              if (isRecord(tc) && isRecord(tc.function) && typeof tc.function.arguments === 'string') tc.function.arguments = laneText(`c${i}.t${typeof tc.index === 'number' ? tc.index : 0}`);
            }
          }
        }
        return c;
      });
      return [{ ...ev, data: JSON.stringify(data) }];
    },

    flush(released) {
      // Text still held when the stream ends without a finish chunk goes out in one synthetic chunk.
      const choices = [...released.entries()].filter(([lane]) => /^c\d+$/.test(lane)).map(([lane, text]) => {
        const index = Number(lane.slice(1));
        return kind === 'completions' ? { index, text, finish_reason: null } : { index, delta: { content: text }, finish_reason: null };
      });
      return choices.length === 0 ? [] : [{ data: JSON.stringify({ ...template, choices }) }];
    },

    blocked(_refusal: string, findings: Finding[]) {
      const results = contentFilterResults(findings);
      const indices = openChoices.size > 0 ? [...openChoices] : [0];
      const choices = indices.map((index) =>
        kind === 'completions'
          ? { index, text: '', finish_reason: 'content_filter', content_filter_results: results }
          : { index, delta: {}, finish_reason: 'content_filter', content_filter_results: results },
      );
      return [{ data: JSON.stringify({ ...template, choices }) }, { data: '[DONE]' }];
    },

    failed(message: string) {
      return [{ data: JSON.stringify({ error: { message, type: 'server_error', param: null, code: 'upstream_error' } }) }];
    },
  };
}
