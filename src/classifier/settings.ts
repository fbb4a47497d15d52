/**
 * The `classifiers:` section of rules/policy.yaml: the local model (file, stages, per-call time
 * budget, thresholds per category) and external classifiers (endpoint, timeout, concurrency,
 * failure mode, category mapping). Validated with the rest of the policy; problems carry their fix.
 */
import { z } from 'zod';
import type { Stage } from '../types';
import { categoryMatches, type Taxonomy } from '../policy/taxonomy';

const stage = z.enum(['input', 'output']);
const probability = z.number().min(0).max(1);
const thresholds = z.strictObject({ flag: probability, block: probability });

const localSchema = z.strictObject({
  /** Relative to the rules folder. */
  model: z.string().min(1),
  stages: z.array(stage).min(1).default(['input', 'output']),
  /** Per call: a call that needs longer becomes a detector error (policy on_detector_error). */
  budget_ms: z.number().int().positive().default(50),
  /** Category glob → thresholds; the first matching glob wins, "*" last. */
  thresholds: z.record(z.string(), thresholds),
});

const externalSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  kind: z.enum(['openai_moderation', 'llm_judge']),
  /** Full endpoint URL, e.g. https://api.openai.com/v1/moderations or http://127.0.0.1:11434/v1/chat/completions */
  url: z.url(),
  model: z.string().min(1).optional(),
  /** Name of the environment variable holding the endpoint's API key (the key never sits in rules/). */
  api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
  stages: z.array(stage).min(1).default(['input']),
  timeout_ms: z.number().int().positive().default(1500),
  concurrency: z.number().int().positive().default(8),
  on_error: z.enum(['fail_open', 'fail_closed']).default('fail_open'),
  /** The endpoint's category names (moderation) or codes (judge, e.g. S1) → taxonomy codes. */
  categories: z.record(z.string(), z.string()),
  thresholds: thresholds.default({ flag: 0.5, block: 0.8 }),
  /**
   * Reuse this classifier's findings on prompt segments a chat resends (same tenant, key, end user,
   * role and text; resent_cache_entries), as the local detectors' are: a 20-turn chat then costs 20
   * judgements, not 210. false: every segment is sent on every turn.
   */
  reuse_resent: z.boolean().default(true),
});

/**
 * How classifiers see a streamed output. They judge meaning, so they need context: each call gets a
 * window of accumulated text (every `window_chars` new characters, with `overlap_chars` of what
 * came before), at most one call in flight per stream. `hold` releases text only after its window
 * passed (exposure zero, latency one window); `stream-first` releases what the deterministic lane
 * allows and ends the stream with content_filter if a window fails (exposure at most one window).
 */
const streamSchema = z.strictObject({
  mode: z.enum(['hold', 'stream-first']).default('stream-first'),
  window_chars: z.number().int().min(16).default(400),
  overlap_chars: z.number().int().min(0).default(100),
});

export const classifiersSchema = z.strictObject({
  local: localSchema.optional(),
  external: z.array(externalSchema).default([]),
  stream: streamSchema.prefault({}),
});

export type StreamClassifierSettings = z.infer<typeof streamSchema>;

export type Thresholds = z.infer<typeof thresholds>;
export type ExternalSettings = z.infer<typeof externalSchema> & { stages: Stage[] };
export type LocalSettings = z.infer<typeof localSchema> & { stages: Stage[] };
export interface ClassifierSettings {
  local?: LocalSettings;
  external: ExternalSettings[];
  stream: StreamClassifierSettings;
}

/** Thresholds for a category: the first matching glob in the table, in file order. */
export function thresholdsFor(table: Record<string, Thresholds>, category: string): Thresholds | undefined {
  const glob = Object.keys(table).find((g) => categoryMatches(g, category));
  return glob === undefined ? undefined : table[glob];
}

export function checkClassifierSettings(s: ClassifierSettings, taxonomy: Taxonomy, detectorTimeoutMs: number, problems: string[]): void {
  const known = (code: string): boolean => [...taxonomy.keys()].some((c) => categoryMatches(code, c));
  for (const [glob, t] of Object.entries(s.local?.thresholds ?? {})) {
    if (!known(glob)) problems.push(`policy.yaml: classifiers.local.thresholds "${glob}" matches no taxonomy category. Fix: use a code from taxonomy.yaml, a prefix glob such as "A.1.*", or "*"`);
    if (t.flag > t.block) problems.push(`policy.yaml: classifiers.local.thresholds "${glob}": flag ${t.flag} is above block ${t.block}. Fix: flag ≤ block (equal means never flag, only block)`);
  }
  if (s.local && s.local.budget_ms > detectorTimeoutMs) {
    problems.push(`policy.yaml: classifiers.local.budget_ms ${s.local.budget_ms} exceeds detector_timeout_ms ${detectorTimeoutMs}. Fix: lower budget_ms or raise detector_timeout_ms`);
  }
  const ids = new Set<string>();
  s.external.forEach((e, i) => {
    if (ids.has(e.id)) problems.push(`policy.yaml: classifiers.external.${i}.id "${e.id}" is used twice. Fix: give each external classifier its own id`);
    ids.add(e.id);
    if (e.timeout_ms > detectorTimeoutMs) problems.push(`policy.yaml: classifiers.external.${i}.timeout_ms ${e.timeout_ms} exceeds detector_timeout_ms ${detectorTimeoutMs}. Fix: lower timeout_ms so the classifier's own failure mode applies`);
    if (e.thresholds.flag > e.thresholds.block) problems.push(`policy.yaml: classifiers.external.${i}.thresholds: flag is above block. Fix: flag ≤ block`);
    for (const [name, code] of Object.entries(e.categories)) {
      if (!taxonomy.has(code)) problems.push(`policy.yaml: classifiers.external.${i}.categories.${name} → "${code}" is not a taxonomy code. Fix: map it to a code from taxonomy.yaml such as A.1.f`);
    }
  });
}
