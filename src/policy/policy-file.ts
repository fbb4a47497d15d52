/** rules/policy.yaml: category × severity × stage → action, refusal texts, enforce/shadow mode. */
import { z } from 'zod';
import { checkClassifierSettings, classifiersSchema, type ClassifierSettings } from '../classifier/settings';
import type { Action, Severity, Stage } from '../types';
import { labelingSchema, type Labeling } from './labeling';
import { categoryMatches, type Taxonomy } from './taxonomy';
import { readYamlFile } from './yaml-file';

const action = z.enum(['allow', 'flag', 'redact', 'block']);
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const stage = z.enum(['input', 'output']);

/** One entry of `actions:`; also used by tenant and route policy overlays in the gateway config. */
export const actionRuleSchema = z.strictObject({
  category: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  stage: stage.optional(),
  min_severity: severity.optional(),
  action,
});

export type ActionRuleInput = z.infer<typeof actionRuleSchema>;

export function toPolicyRule(a: ActionRuleInput): PolicyRule {
  return { categories: Array.isArray(a.category) ? a.category : [a.category], stage: a.stage, minSeverity: a.min_severity, action: a.action };
}

const policySchema = z.strictObject({
  version: z.literal(1),
  mode: z.enum(['enforce', 'shadow']).default('enforce'),
  /** A detector that throws or times out: fail_closed blocks the request, fail_open lets it pass (flagged). */
  on_detector_error: z.enum(['fail_open', 'fail_closed']).default('fail_closed'),
  detector_timeout_ms: z.number().int().positive().default(2000),
  default_action: action.default('flag'),
  refusal: z.strictObject({
    default_lang: z.string().min(2).default('en'),
    text: z.record(z.string(), z.string().min(1)),
  }),
  /** GB 45438 labels on model outputs (explicit text, implicit AIGC metadata). */
  labeling: labelingSchema.prefault({}),
  actions: z.array(actionRuleSchema),
  /** Local model and external classifiers (see the commented section in rules/policy.yaml). */
  classifiers: classifiersSchema.optional(),
});

export interface PolicyRule {
  categories: string[];
  stage?: Stage;
  minSeverity?: Severity;
  action: Action;
}

export interface Policy {
  mode: 'enforce' | 'shadow';
  onDetectorError: 'fail_open' | 'fail_closed';
  detectorTimeoutMs: number;
  defaultAction: Action;
  refusal: { defaultLang: string; text: Record<string, string> };
  rules: PolicyRule[];
  labeling: Labeling;
  classifiers?: ClassifierSettings;
}

const FIX = 'see the commented example in rules/policy.yaml (mode, on_detector_error, refusal.text, actions: [{category, stage, min_severity, action}])';

export function loadPolicy(file: string, taxonomy: Taxonomy, problems: string[]): Policy | null {
  const data = readYamlFile(file, policySchema, problems, FIX);
  if (!data) return null;
  if (!data.refusal.text[data.refusal.default_lang]) {
    problems.push(`policy.yaml: refusal.default_lang "${data.refusal.default_lang}" has no text. Fix: add refusal.text.${data.refusal.default_lang}`);
  }
  const rules = data.actions.map((a, i): PolicyRule => {
    const rule = toPolicyRule(a);
    for (const glob of rule.categories) {
      const known = [...taxonomy.keys()].some((code) => categoryMatches(glob, code));
      if (!known) problems.push(`policy.yaml: actions.${i}.category "${glob}" matches no taxonomy category. Fix: use a code from taxonomy.yaml, a prefix glob such as "A.1.*", or "*"`);
    }
    return rule;
  });
  if (data.classifiers) checkClassifierSettings(data.classifiers, taxonomy, data.detector_timeout_ms, problems);
  return {
    classifiers: data.classifiers,
    labeling: data.labeling,
    mode: data.mode,
    onDetectorError: data.on_detector_error,
    detectorTimeoutMs: data.detector_timeout_ms,
    defaultAction: data.default_action,
    refusal: { defaultLang: data.refusal.default_lang, text: data.refusal.text },
    rules,
  };
}
