/**
 * The prompt behind a violation, as far as the audit trail keeps it. An input-stage row stores the
 * prompt's segments as "path: text" lines (per the storage mode); an output-stage row stores the
 * output, and its prompt only when the gateway also called recordViolationPrompt. Roles are not in
 * the segment paths, so a prompt rebuilt from segment lines is one user message.
 */
import { normalize } from '../policy/normalize';
import { sha256Hex } from './chain';
import { toAuditError, wellFormed } from './schema';
import type { AuditStore } from './store';
import type { StorageMode } from './types';

/** Text turns only: tool calls and results need ids the audit trail does not keep. */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

const ROLES: readonly string[] = ['system', 'developer', 'user', 'assistant'];

/** A segment line starts with its JSON path (see src/proxy/record.ts joinSegments). */
const SEGMENT_LINE = /^((?:messages|prompt|input|instructions|tools|choices|output)(?:\[\d+\]|\.[A-Za-z_]+)*): /;

/** Splits "path: text" lines back into segments; lines without a path continue the previous text. */
export function splitSegments(content: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const line of content.split('\n')) {
    const m = SEGMENT_LINE.exec(line);
    if (m) out.push({ path: m[1], text: line.slice(m[0].length) });
    else if (out.length > 0) out[out.length - 1].text += `\n${line}`;
    else out.push({ path: '', text: line });
  }
  return out;
}

/** The prompt text of an input row: every segment except tool definitions, in order. */
export function promptFromSegments(content: string): string {
  return splitSegments(content)
    .filter((s) => !s.path.startsWith('tools'))
    .map((s) => s.text)
    .join('\n');
}

/** The model's text of an output row (segment paths dropped). */
export function outputFromSegments(content: string): string {
  return splitSegments(content).map((s) => s.text).join('\n');
}

export function parseMessages(json: string | null): ChatMessage[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return null;
    const ok = value.every(
      (m) => typeof m === 'object' && m !== null && ROLES.includes((m as ChatMessage).role) && typeof (m as ChatMessage).content === 'string',
    );
    return ok ? (value as ChatMessage[]) : null;
  } catch {
    return null;
  }
}

/** Normalized (NFKC, case-folded, invisibles removed, whitespace collapsed) text for grouping. */
export function normalizedForGrouping(text: string): string {
  return normalize(text).text.trim();
}

export function groupKey(category: string, subject: string): string {
  return `${category}:${sha256Hex(normalizedForGrouping(subject))}`;
}

export interface ViolationPromptInput {
  violationId: number;
  /** The prompt as sent upstream, with roles. */
  messages: ChatMessage[];
  /** The same messages with finding spans masked; stored in `masked` mode (without it only the hash is kept). */
  maskedMessages?: ChatMessage[];
}

/**
 * Records the prompt of a violation (call it for output-stage violations, so retraining exports and
 * replay have the prompt that produced the output). Content follows the store's storage mode.
 */
export async function recordViolationPrompt(store: AuditStore, p: ViolationPromptInput): Promise<void> {
  const clean = (ms: ChatMessage[]) => ms.map((m) => ({ role: m.role, content: wellFormed(m.content) }));
  const raw = JSON.stringify(clean(p.messages));
  const mode: StorageMode = store.storageMode;
  const stored = mode === 'full' ? raw : mode === 'masked' && p.maskedMessages ? JSON.stringify(clean(p.maskedMessages)) : null;
  try {
    await store.sql.run(
      `INSERT INTO violation_prompts (violation_id, storage_mode, messages, content_sha256) VALUES (?, ?, ?, ?)
       ON CONFLICT (violation_id) DO UPDATE SET storage_mode = excluded.storage_mode, messages = excluded.messages, content_sha256 = excluded.content_sha256`,
      [p.violationId, mode, stored, sha256Hex(raw)],
    );
  } catch (err) {
    throw toAuditError('recordViolationPrompt', err);
  }
}

/**
 * The prompt as chat messages from the gateway's input segments (each segment carries its role):
 * tool definitions are dropped; tool results and unknown roles become user turns.
 */
export function messagesFromSegments(segments: readonly { role?: string; text: string }[], texts?: readonly string[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  segments.forEach((s, i) => {
    if (s.role === 'tool_definition') return;
    const role = s.role === 'system' || s.role === 'developer' || s.role === 'assistant' ? s.role : 'user';
    out.push({ role, content: texts?.[i] ?? s.text });
  });
  return out;
}
