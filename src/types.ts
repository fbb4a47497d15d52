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
}

export interface Detector {
  id: string;
  stages: Stage[];
  detect(segments: Segment[], signal: AbortSignal): Finding[] | Promise<Finding[]>;
}

export interface DetectorError {
  detector: string;
  message: string;
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
