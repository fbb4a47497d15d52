/** What the stream guard needs from a dialect's streaming format. */
import type { Finding } from '../types';
import { isRecord } from '../dialects/json-path';
import type { SseEvent } from './sse';

/** An event's data as a JSON object; null for comments, `[DONE]`, and anything else. */
export function eventJson(ev: SseEvent): Record<string, unknown> | null {
  if (ev.comment !== undefined || ev.data === '[DONE]') return null;
  try {
    const v: unknown = JSON.parse(ev.data);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

/** What `read` returns for an event that carries nothing the guard needs. */
export function nothing(): StreamRead {
  return { deltas: [], finishing: [], terminal: false };
}

export interface StreamDelta {
  /** Which text stream the delta extends (a choice, a tool call, a content block). */
  lane: string;
  /** JSON path of the text in the equivalent non-streamed response (for audit rows). */
  path: string;
  text: string;
}

export interface StreamRead {
  deltas: StreamDelta[];
  /** Lane prefixes that end with this event (finish_reason, content_block_stop …). */
  finishing: string[];
  /** The event ends the stream ([DONE], message_stop, response.completed). */
  terminal: boolean;
  /** The parsed event, for `write` to rewrite in place. */
  event?: Record<string, unknown>;
}

export interface StreamAdapter {
  read(ev: SseEvent): StreamRead;
  /**
   * The event with each lane's text replaced by what may be released now (possibly ''). Events
   * that repeat a lane's whole text (Responses `*.done`, `response.completed`) get `sent(lane)`,
   * everything the client has received on that lane. May return several events (released text
   * before a `done` event) or none.
   */
  write(ev: SseEvent, read: StreamRead, released: Map<string, string>, sent: (lane: string) => string): SseEvent[];
  /** Events carrying text still held when the upstream ended without a proper finish. */
  flush(released: Map<string, string>): SseEvent[];
  /** The termination sequence after a block (content_filter finish, then the end marker). */
  blocked(refusal: string, findings: Finding[]): SseEvent[];
  /** An in-band error event when the upstream fails mid-stream. */
  failed(message: string): SseEvent[];
}
