/**
 * decide(): findings + detector errors + policy → Verdict. Pure; every verdict explains itself with
 * one reason per finding (rule, category, where) and per detector error (STYLE.md §3).
 */
import type { Action, DetectorError, Finding, Segment, Severity, Stage, Verdict } from '../types';
import { SEVERITIES, strongerAction } from '../types';
import type { Policy } from './policy-file';
import { categoryMatches } from './taxonomy';

function severityAtLeast(s: Severity, min: Severity): boolean {
  return SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(min);
}

/** The action the policy assigns to one finding: the first matching rule wins. */
export function actionFor(policy: Policy, finding: Finding, stage: Stage): Action {
  for (const rule of policy.rules) {
    if (rule.stage && rule.stage !== stage) continue;
    if (rule.minSeverity && !severityAtLeast(finding.severity, rule.minSeverity)) continue;
    if (rule.categories.some((glob) => categoryMatches(glob, finding.category))) return rule.action;
  }
  return policy.defaultAction;
}

export interface DecideInput {
  policy: Policy;
  policyRevision: string;
  stage: Stage;
  segments: Segment[];
  findings: Finding[];
  errors: DetectorError[];
}

export function decide(input: DecideInput): Verdict {
  const { policy, stage, segments, findings, errors } = input;
  let action: Action = 'allow';
  const reasons: string[] = [];
  for (const f of findings) {
    const a = actionFor(policy, f, stage);
    action = strongerAction(action, a);
    const where = `${segments[f.segment]?.path ?? `segment ${f.segment}`}${f.span ? `[${f.span[0]}..${f.span[1]})` : ''}`;
    reasons.push(`${f.category} (${f.severity}) by ${f.detector} rule ${f.ruleId} at ${where} → ${a}`);
  }
  for (const e of errors) {
    // A failed detector is a hole in the check: fail closed blocks, fail open lets it through flagged.
    const mode = e.onError ?? policy.onDetectorError;
    const a: Action = mode === 'fail_closed' ? 'block' : 'flag';
    action = strongerAction(action, a);
    reasons.push(`detector ${e.detector} failed (${e.message}); on_detector_error ${mode} → ${a}`);
  }
  const shadow = policy.mode === 'shadow';
  // Shadow mode records what would have happened and changes nothing in the traffic.
  const enforced: Action = shadow ? (action === 'allow' ? 'allow' : 'flag') : action;
  return { action, findings, errors, reasons, policyRevision: input.policyRevision, shadow, enforced };
}
