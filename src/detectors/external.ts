/**
 * External classifier detector: an OpenAI-moderation-compatible endpoint or an LLM judge behind an
 * OpenAI-compatible chat endpoint. Each has its own timeout (which also bounds the wait for a free
 * slot under its concurrency limit) and its own failure mode: a timeout, a refused connection, a
 * non-2xx status or a malformed answer is thrown, and the engine records it in Verdict.errors with
 * this detector's `onError` — fail_open lets the request through flagged, fail_closed blocks it.
 * Texts are sent only to the configured endpoint and never logged.
 */
import { FORMATS, type CategoryScores } from '../classifier/external-formats';
import { Semaphore } from '../classifier/semaphore';
import type { ExternalSettings } from '../classifier/settings';
import type { Detector, Finding, Segment, Severity } from '../types';

export interface ExternalDetectorOptions {
  settings: ExternalSettings;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  env?: NodeJS.ProcessEnv;
}

async function post(opts: ExternalDetectorOptions, body: unknown, signal: AbortSignal): Promise<unknown> {
  const { settings } = opts;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = settings.api_key_env ? (opts.env ?? process.env)[settings.api_key_env] : undefined;
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await (opts.fetch ?? fetch)(settings.url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  try {
    return await res.json();
  } catch {
    throw new Error("the answer is not JSON");
  }
}

export function createExternalDetector(opts: ExternalDetectorOptions): Detector {
  const { settings } = opts;
  const format = FORMATS[settings.kind];
  const slots = new Semaphore(settings.concurrency);

  async function call(texts: { text: string; role?: string }[], signal: AbortSignal): Promise<CategoryScores[]> {
    const release = await slots.acquire(signal);
    try {
      const json = await post(opts, format.request(texts, settings.model).body, signal);
      return format.parse(json, texts.length);
    } finally {
      release();
    }
  }

  function toFindings(scores: CategoryScores, segment: number): Finding[] {
    const best = new Map<string, { score: number; name: string }>();
    for (const [name, score] of Object.entries(scores)) {
      const code = settings.categories[name];
      if (!code || score < settings.thresholds.flag) continue;
      if ((best.get(code)?.score ?? -1) < score) best.set(code, { score, name });
    }
    return [...best].map(([category, { score, name }]): Finding => {
      const severity: Severity = score >= settings.thresholds.block ? 'high' : 'medium';
      return { detector: settings.id, ruleId: `ext:${settings.id}:${name}`, category, severity, score, segment, excerpt: `${name} ${score.toFixed(2)}` };
    });
  }

  return {
    id: `external:${settings.id}`,
    stages: settings.stages,
    onError: settings.on_error,
    async: true,
    // Findings per segment, in order, from its role and text alone (see reuse_resent).
    pure: settings.reuse_resent,
    detect: async function classifyExternally(segments: Segment[], signal: AbortSignal): Promise<Finding[]> {
      const texts = segments.map((s) => ({ text: s.text, role: s.role }));
      if (texts.length === 0) return [];
      const deadline = AbortSignal.any([signal, AbortSignal.timeout(settings.timeout_ms)]);
      try {
        const scores = format.batch === 'all' ? await call(texts, deadline) : (await Promise.all(texts.map((t) => call([t], deadline)))).flat();
        return scores.flatMap((s, i) => toFindings(s, i));
      } catch (err) {
        if (deadline.aborted && !signal.aborted) throw new Error(`${settings.id} timed out after ${settings.timeout_ms} ms`);
        throw err instanceof Error ? new Error(`${settings.id}: ${err.message}`) : err;
      }
    },
  };
}
