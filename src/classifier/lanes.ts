/** The classifier detectors a RuleSet asks for: the local model and each external classifier. */
import { createClassifierDetector } from '../detectors/classifier';
import { createExternalDetector } from '../detectors/external';
import type { RuleSet } from '../policy/rules';
import { scorePool } from './score-pool';
import type { Detector } from '../types';

export function classifierDetectors(ruleSet: RuleSet): Detector[] {
  const settings = ruleSet.policy.classifiers;
  if (!settings) return [];
  const out: Detector[] = [];
  const model = ruleSet.classifierModel;
  if (settings.local && model) {
    const { stages, budget_ms, thresholds } = settings.local;
    // One detector per stage: the model shifts its scores per stage (model.ts, "cells"), so a
    // prompt and a model answer are each scored against the same thresholds fairly.
    const pool = scorePool();
    const source = ruleSet.classifierModelSource;
    const key = pool && source ? pool.prepare(source.file, source.sha256) : undefined;
    for (const stage of stages) {
      const offload = pool && key ? { pool, key, stage } : undefined;
      out.push(createClassifierDetector({ model: model.forStage?.(stage) ?? model, stages: [stage], budgetMs: budget_ms, thresholds, offload }));
    }
  }
  for (const external of settings.external) out.push(createExternalDetector({ settings: external }));
  return out;
}
