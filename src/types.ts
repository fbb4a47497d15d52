/**
 * Core types shared by every part of the pipeline. Shapes follow DESIGN.md; nothing here depends on
 * express, SQLite or a dialect, so detectors and the policy engine stay testable in isolation.
 */
export type Stage = 'input' | 'output';

/** Ordered by strength: a verdict takes the strongest action any finding asks for. */
export type Action = 'allow' | 'flag' | 'redact' | 'block';
export const ACTIONS: readonly Action[] = ['allow', 'flag', 'redact', 'block'];

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** One piece of text the model will read (input) or wrote (output), located by a JSON path. */
export interface Segment {
  path: string;
  role?: string;
  text: string;
}

export interface Finding {
  detector: string;
  ruleId: string;
  category: string;
  severity: Severity;
  /** 0..1; rule-based detectors report 1. */
  score: number;
  /** Index into the segment array the detector was given. */
  segment: number;
  /** [start, end) in UTF-16 code units of the ORIGINAL segment text. */
  span?: [number, number];
  /** Masked excerpt: safe to store and show; never the full matched secret. */
  excerpt: string;
  /** Keyword findings: the normalized (or decoded) text that matched the rule. */
  matched?: string;
  /** How the match was reached when not in plain text: e.g. "base64", "url>html", "reversed". */
  via?: string;
  /** The word list that made the decision: rules revision and newest keyword-file update time. */
  lexicon?: { version: string; updatedAt: string };
}

export interface Detector {
  id: string;
  stages: Stage[];
  detect(segments: Segment[], signal: AbortSignal): Finding[] | Promise<Finding[]>;
  /**
   * Set by detectors that answer asynchronously (external endpoints): only they get an
   * AbortController of their own, aborted when they overrun the time budget. Creating one per
   * synchronous call cost more than some detectors' work.
   */
  async?: boolean;
  /**
   * Set by detectors whose findings on a segment depend on its text alone (and the rules), reported
   * segment by segment in order: the engine may reuse them when a chat resends the segment.
   */
  pure?: boolean;
  /** Overrides the policy's on_detector_error for this detector (external classifiers set their own). */
  onError?: 'fail_open' | 'fail_closed';
}

export interface DetectorError {
  detector: string;
  message: string;
  /** The failure mode that applies to this error; the policy's on_detector_error when absent. */
  onError?: 'fail_open' | 'fail_closed';
}

export interface Verdict {
  action: Action;
  findings: Finding[];
  errors: DetectorError[];
  reasons: string[];
  policyRevision: string;
  /** True when the policy runs in shadow mode: `action` is what would have happened. */
  shadow: boolean;
  /** The action actually applied to traffic (always 'allow' or 'flag' in shadow mode). */
  enforced: Action;
}

export function strongerAction(a: Action, b: Action): Action {
  return ACTIONS.indexOf(a) >= ACTIONS.indexOf(b) ? a : b;
}
