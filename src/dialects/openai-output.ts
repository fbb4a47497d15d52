/**
 * Model outputs of OpenAI-compatible responses: extraction of every text the client will receive,
 * and the rewrite of a blocked output into the content-filter contract (the choice's text replaced
 * by the refusal, `finish_reason: "content_filter"`, `content_filter_results` on the choice; for the
 * Responses API a `refusal` content part and `status: "incomplete"` with reason content_filter).
 */
import type { Finding, Segment } from '../types';
import { formatPath, isRecord, type PathToken } from './json-path';
import type { OpenAiRoute } from './openai-input';

function add(segments: Segment[], tokens: PathToken[], text: unknown): void {
  if (typeof text === 'string' && text.length > 0) segments.push({ path: formatPath(tokens), role: 'assistant', text });
}

export function extractOutput(route: OpenAiRoute, body: unknown): Segment[] {
  const segments: Segment[] = [];
  if (!isRecord(body)) return segments;
  if (route === 'chat' || route === 'completions') {
    if (!Array.isArray(body.choices)) return segments;
    body.choices.forEach((choice, i) => {
      if (!isRecord(choice)) return;
      add(segments, ['choices', i, 'text'], choice.text);
      const m = choice.message;
      if (!isRecord(m)) return;
      add(segments, ['choices', i, 'message', 'content'], m.content);
      if (Array.isArray(m.tool_calls)) {
        m.tool_calls.forEach((call, k) => {
          if (isRecord(call) && isRecord(call.function)) add(segments, ['choices', i, 'message', 'tool_calls', k, 'function', 'arguments'], call.function.arguments);
        });
      }
      if (isRecord(m.function_call)) add(segments, ['choices', i, 'message', 'function_call', 'arguments'], m.function_call.arguments);
    });
  } else if (route === 'responses' && Array.isArray(body.output)) {
    body.output.forEach((item, i) => {
      if (!isRecord(item)) return;
      add(segments, ['output', i, 'arguments'], item.arguments);
      if (!Array.isArray(item.content)) return;
      item.content.forEach((part, j) => {
        if (isRecord(part)) add(segments, ['output', i, 'content', j, 'text'], part.text);
      });
    });
  }
  return segments;
}

/** Azure OpenAI's per-category filter result, keyed by our category codes. */
export function contentFilterResults(findings: Finding[]): Record<string, { filtered: boolean; severity: string }> {
  const out: Record<string, { filtered: boolean; severity: string }> = {};
  for (const f of findings) out[f.category] = { filtered: true, severity: f.severity };
  return out;
}

/** Index of the choice (or output item) a segment path belongs to. */
function ownerIndex(path: string): number {
  const m = /^(?:choices|output)\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : -1;
}

/**
 * Rewrites a parsed response in place so that every choice holding a blocking finding carries the
 * refusal instead of its text. Choices without one are left as the model wrote them.
 */
export function applyOutputBlock(route: OpenAiRoute, body: Record<string, unknown>, segments: Segment[], blocking: Finding[], refusal: string): void {
  const owners = new Set(blocking.map((f) => ownerIndex(segments[f.segment]?.path ?? '')));
  const results = (index: number) => contentFilterResults(blocking.filter((f) => ownerIndex(segments[f.segment]?.path ?? '') === index));
  if ((route === 'chat' || route === 'completions') && Array.isArray(body.choices)) {
    body.choices.forEach((choice, i) => {
      if (!owners.has(i) || !isRecord(choice)) return;
      if (route === 'completions') choice.text = refusal;
      else choice.message = { role: 'assistant', content: refusal, refusal: null };
      choice.finish_reason = 'content_filter';
      choice.content_filter_results = results(i);
    });
  } else if (route === 'responses' && Array.isArray(body.output)) {
    body.output = body.output.map((item, i) =>
      owners.has(i) && isRecord(item)
        ? { type: 'message', id: item.id, role: 'assistant', status: 'incomplete', content: [{ type: 'refusal', refusal: refusal }] }
        : item,
    );
    body.status = 'incomplete';
    body.incomplete_details = { reason: 'content_filter' };
  }
}
