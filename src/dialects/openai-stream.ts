/**
 * OpenAI streaming formats for the stream guard: chat.completion.chunk (content and tool-call
 * argument deltas, n > 1 choices), text_completion chunks, and the Responses API's typed events.
 * `read` says which lane texts an event carries; `write` puts back what may be released now.
 */
import type { Finding } from '../types';
import { isRecord } from './json-path';
import { contentFilterResults } from './openai-output';
import type { SseEvent } from '../proxy/sse';
import { eventJson, nothing, type StreamAdapter, type StreamRead } from '../proxy/stream-adapter';


const choiceIndex = (c: Record<string, unknown>): number => (typeof c.index === 'number' ? c.index : 0);

/** chat.completion.chunk and text_completion streams: one lane per choice and per tool call. */
export function chatStreamAdapter(kind: 'chat' | 'completions'): StreamAdapter {
  let template: Record<string, unknown> = {};
  const openChoices = new Set<number>();
  /** One chunk carrying released text for content lanes (c0) and tool-call lanes (c0.t1). */
  const synthesize = (released: Map<string, string>): SseEvent[] => {
    const byChoice = new Map<number, { content?: string; tools: { index: number; function: { arguments: string } }[] }>();
    for (const [lane, text] of released) {
      const m = /^c(\d+)(?:\.t(\d+))?$/.exec(lane);
      if (!m || text.length === 0) continue;
      const entry = byChoice.get(Number(m[1])) ?? { tools: [] };
      if (m[2] === undefined) entry.content = text;
      else entry.tools.push({ index: Number(m[2]), function: { arguments: text } });
      byChoice.set(Number(m[1]), entry);
    }
    if (byChoice.size === 0) return [];
    const choices = [...byChoice].map(([index, e]) =>
      kind === 'completions'
        ? { index, text: e.content ?? '', finish_reason: null }
        : { index, delta: { ...(e.content !== undefined ? { content: e.content } : {}), ...(e.tools.length > 0 ? { tool_calls: e.tools } : {}) }, finish_reason: null },
    );
    return [{ data: JSON.stringify({ ...template, choices }) }];
  };

  return {
    read(ev): StreamRead {
      if (ev.data === '[DONE]') return { deltas: [], finishing: [], terminal: true };
      const data = eventJson(ev);
      if (!data || !Array.isArray(data.choices)) return nothing();
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
      const consumed = new Set<string>();
      const take = (lane: string): string => {
        consumed.add(lane);
        return released.get(lane) ?? '';
      };
      data.choices = data.choices.map((c) => {
        if (!isRecord(c)) return c;
        const i = choiceIndex(c);
        if (kind === 'completions' && (typeof c.text === 'string' || released.has(`c${i}`))) c.text = take(`c${i}`);
        const d = c.delta;
        if (isRecord(d)) {
          if (typeof d.content === 'string' || released.has(`c${i}`)) d.content = take(`c${i}`);
          if (Array.isArray(d.tool_calls)) {
            for (const tc of d.tool_calls) {
              if (isRecord(tc) && isRecord(tc.function) && typeof tc.function.arguments === 'string') tc.function.arguments = take(`c${i}.t${typeof tc.index === 'number' ? tc.index : 0}`);
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
