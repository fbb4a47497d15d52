/**
 * Local classifier detector: scores each segment with the model from rules/models/ and reports a
 * finding when the calibrated harm score reaches the category's flag threshold. Severity carries the
 * decision to the policy: score ≥ block threshold → high (the default policy blocks A.1–A.4 at high),
 * ≥ flag threshold → medium (flagged). Findings have no span — a classifier judges the whole text —
 * and their excerpt lists the terms that weighed most, never the text itself.
 *
 * Long texts are scored in overlapping windows and the worst window counts, so one harmful request
 * cannot hide in a long, harmless document. The per-call time budget is checked between windows and
 * an overrun is a detector error. With a score pool (the gateway's `classifier_threads`), scoring
 * runs in a worker thread once one has loaded the model, otherwise here, synchronously.
 */
import type { Model } from '../classifier/model';
import { thresholdsFor, type Thresholds } from '../classifier/settings';
import { BudgetExceeded, type ScorePool, type WorstWindow } from '../classifier/score-pool';
import { features } from '../classifier/tokenize';
import type { Detector, Finding, Segment, Severity, Stage } from '../types';

/** ~2 KB of text per window: long enough for context, short enough that one request is not diluted. */
export const WINDOW_CHARS = 2000;
const OVERLAP_CHARS = 200;

export interface ClassifierDetectorOptions {
  model: Model;
  stages: Stage[];
  budgetMs: number;
  thresholds: Record<string, Thresholds>;
  /** Injected clock for tests of the time budget. */
  now?: () => number;
  /** Score in the worker threads of this pool once one has the model (`key`), as for `stage`. */
  offload?: { pool: ScorePool; key: string; stage: Stage };
}

export function windows(text: string): string[] {
  if (text.length <= WINDOW_CHARS) return [text];
  const out: string[] = [];
  for (let start = 0; start < text.length; start += WINDOW_CHARS - OVERLAP_CHARS) {
    out.push(text.slice(start, start + WINDOW_CHARS));
    if (start + WINDOW_CHARS >= text.length) break;
  }
  return out;
}

/**
 * The lowest flag threshold of any category the model can report: a window scoring below it makes
 * no finding whatever its category, so scoring may skip the category head (Model.scoreAbove). With
 * no categories known, nothing is skipped.
 */
export function flagFloor(model: Model, thresholds: Record<string, Thresholds>): number {
  if (model.categories.length === 0) return -Infinity;
  return Math.min(...model.categories.map((c) => thresholdsFor(thresholds, c)?.flag ?? Infinity));
}

function severityFor(score: number, t: Thresholds): Severity | null {
  if (score >= t.block) return 'high';
  if (score >= t.flag) return 'medium';
  return null;
}

export function createClassifierDetector(opts: ClassifierDetectorOptions): Detector {
  const { model, budgetMs, thresholds, offload } = opts;
  const now = opts.now ?? (() => performance.now());
  // Load the jieba dictionary and compile the model's scorer now, at engine creation, not inside the
  // first request's time budget (a cold compile there made the first request fail closed).
  features('预热 warm-up');
  model.score('预热 warm-up');
  const floor = flagFloor(model, thresholds);

  const findingsOf = (texts: string[][], worst: Array<WorstWindow | null>): Finding[] => {
    const findings: Finding[] = [];
    worst.forEach((w, index) => {
      if (!w) return;
      const t = thresholdsFor(thresholds, w.category);
      const severity = t ? severityFor(w.harm, t) : null;
      if (!severity) return;
      findings.push({
        detector: 'classifier',
        ruleId: `clf:${model.name}:${w.category}`,
        category: w.category,
        severity,
        score: Math.round(w.harm * 1000) / 1000,
        segment: index,
        // The terms are spelled out only for a finding: scoring itself never builds feature strings.
        excerpt: `score ${w.harm.toFixed(2)}; terms: ${model.explain(features(texts[index][w.window]), 3).join(', ')}`,
      });
    });
    return findings;
  };

  /** On the event loop: the budget is checked between windows. */
  const scoreHere = (texts: string[][], signal: AbortSignal): Finding[] => {
    const started = now();
    const worst = texts.map((windowTexts) => {
      let best: WorstWindow | null = null;
      windowTexts.forEach((text, window) => {
        if (signal.aborted || now() - started > budgetMs) throw new Error(`time budget of ${budgetMs} ms exceeded`);
        // Windows below the floor make no finding, and the worst window is above it if any is.
        const s = model.scoreAbove(text, floor);
        if (s && (!best || s.harm > best.harm)) best = { window, harm: s.harm, category: s.category };
      });
      return best;
    });
    return findingsOf(texts, worst);
  };

  return {
    id: `classifier:${model.name}`,
    pure: true,
    stages: opts.stages,
    detect: function classify(segments: Segment[], signal: AbortSignal): Finding[] | Promise<Finding[]> {
      const texts = segments.map((segment) => windows(segment.text));
      if (!offload?.pool.ready(offload.key) || !offload.pool.worthIt()) return scoreHere(texts, signal);
      return offload.pool.score({ key: offload.key, stage: offload.stage, segments: texts, budgetMs, floor }).then(
        (worst) => findingsOf(texts, worst),
        (err: unknown) => {
          if (err instanceof BudgetExceeded) throw err;
          // No worker could score (it stopped, or lost the model): the same verdict, on the event loop.
          return scoreHere(texts, signal);
        },
      );
    },
  };
}
