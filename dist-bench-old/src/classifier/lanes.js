"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classifierDetectors = classifierDetectors;
/** The classifier detectors a RuleSet asks for: the local model and each external classifier. */
const classifier_1 = require("../detectors/classifier");
const external_1 = require("../detectors/external");
function classifierDetectors(ruleSet) {
    const settings = ruleSet.policy.classifiers;
    if (!settings)
        return [];
    const out = [];
    if (settings.local && ruleSet.classifierModel) {
        const { stages, budget_ms, thresholds } = settings.local;
        out.push((0, classifier_1.createClassifierDetector)({ model: ruleSet.classifierModel, stages, budgetMs: budget_ms, thresholds }));
    }
    for (const external of settings.external)
        out.push((0, external_1.createExternalDetector)({ settings: external }));
    return out;
}
