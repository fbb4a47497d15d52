"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.actionFor = actionFor;
exports.decide = decide;
const types_1 = require("../types");
const taxonomy_1 = require("./taxonomy");
function severityAtLeast(s, min) {
    return types_1.SEVERITIES.indexOf(s) >= types_1.SEVERITIES.indexOf(min);
}
/** The action the policy assigns to one finding: the first matching rule wins. */
function actionFor(policy, finding, stage) {
    for (const rule of policy.rules) {
        if (rule.stage && rule.stage !== stage)
            continue;
        if (rule.minSeverity && !severityAtLeast(finding.severity, rule.minSeverity))
            continue;
        if (rule.categories.some((glob) => (0, taxonomy_1.categoryMatches)(glob, finding.category)))
            return rule.action;
    }
    return policy.defaultAction;
}
function decide(input) {
    const { policy, stage, segments, findings, errors } = input;
    let action = 'allow';
    const reasons = [];
    for (const f of findings) {
        const a = actionFor(policy, f, stage);
        action = (0, types_1.strongerAction)(action, a);
        const where = `${segments[f.segment]?.path ?? `segment ${f.segment}`}${f.span ? `[${f.span[0]}..${f.span[1]})` : ''}`;
        reasons.push(`${f.category} (${f.severity}) by ${f.detector} rule ${f.ruleId} at ${where} → ${a}`);
    }
    for (const e of errors) {
        // A failed detector is a hole in the check: fail closed blocks, fail open lets it through flagged.
        const mode = e.onError ?? policy.onDetectorError;
        const a = mode === 'fail_closed' ? 'block' : 'flag';
        action = (0, types_1.strongerAction)(action, a);
        reasons.push(`detector ${e.detector} failed (${e.message}); on_detector_error ${mode} → ${a}`);
    }
    const shadow = policy.mode === 'shadow';
    // Shadow mode records what would have happened and changes nothing in the traffic.
    const enforced = shadow ? (action === 'allow' ? 'allow' : 'flag') : action;
    return { action, findings, errors, reasons, policyRevision: input.policyRevision, shadow, enforced };
}
