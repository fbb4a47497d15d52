/** The classifier detectors a RuleSet asks for: the local model and each external classifier. */
import { createClassifierDetector } from '../detectors/classifier';
import { createExternalDetector } from '../detectors/external';
import type { RuleSet } from '../policy/rules';
import type { Detector } from '../types';

export function classifierDetectors(ruleSet: RuleSet): Detector[] {
  const settings = ruleSet.policy.classifiers;
  if (!settings) return [];
  const out: Detector[] = [];
  if (settings.local && ruleSet.classifierModel) {
    const { stages, budget_ms, thresholds } = settings.local;
    out.push(createClassifierDetector({ model: ruleSet.classifierModel, stages, budgetMs: budget_ms, thresholds }));
  }
  for (const external of settings.external) out.push(createExternalDetector({ settings: external }));
  return out;
}
