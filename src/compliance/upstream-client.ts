/**
 * One chat-completions call for replay and assess, with fetch. Only the answer text and how it
 * ended are returned; errors are values (a bank of 2,000 prompts should not stop at one 500).
 */
import { extractOutput } from '../dialects/openai-output';
import type { Segment } from '../types';
import type { ChatMessage } from '../audit/prompt';

export interface ChatCall {
  /** Base URL without /v1, e.g. http://127.0.0.1:8080 or https://api.openai.com */
  upstream: string;
  model: string;
  messages: ChatMessage[];
  apiKey?: string;
  timeoutMs?: number;
}

export type ChatResult =
  | { ok: true; text: string; segments: Segment[]; contentFilter: boolean }
  /** The endpoint (a gateway) refused the prompt with 400 content_filter. */
  | { ok: true; text: ''; segments: []; contentFilter: true; promptBlocked: true }
  | { ok: false; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function chatUrl(upstream: string): string {
  const base = upstream.replace(/\/+$/, '');
  return /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

export async function callChat(c: ChatCall): Promise<ChatResult> {
  let res: Response;
  try {
    res = await fetch(chatUrl(c.upstream), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(c.apiKey ? { authorization: `Bearer ${c.apiKey}` } : {}) },
      body: JSON.stringify({ model: c.model, messages: c.messages }),
      signal: AbortSignal.timeout(c.timeoutMs ?? 120_000),
    });
  } catch (err) {
    return { ok: false, error: `request failed: ${(err as Error).message}` };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, error: `HTTP ${res.status}: the answer is not JSON` };
  }
  if (!res.ok) {
    const code = isRecord(body) && isRecord(body.error) ? body.error.code : undefined;
    if (res.status === 400 && code === 'content_filter') return { ok: true, text: '', segments: [], contentFilter: true, promptBlocked: true };
    return { ok: false, error: `HTTP ${res.status}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  const segments = extractOutput('chat', body);
  const choices = isRecord(body) && Array.isArray(body.choices) ? body.choices : [];
  const contentFilter = choices.some((ch) => isRecord(ch) && ch.finish_reason === 'content_filter');
  return { ok: true, text: segments.map((s) => s.text).join('\n'), segments, contentFilter };
}
