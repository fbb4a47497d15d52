"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.actionRuleSchema = void 0;
exports.toPolicyRule = toPolicyRule;
exports.loadPolicy = loadPolicy;
/** rules/policy.yaml: category × severity × stage → action, refusal texts, enforce/shadow mode. */
const zod_1 = require("zod");
const settings_1 = require("../classifier/settings");
const labeling_1 = require("./labeling");
const taxonomy_1 = require("./taxonomy");
const yaml_file_1 = require("./yaml-file");
const action = zod_1.z.enum(['allow', 'flag', 'redact', 'block']);
const severity = zod_1.z.enum(['low', 'medium', 'high', 'critical']);
const stage = zod_1.z.enum(['input', 'output']);
/** One entry of `actions:`; also used by tenant and route policy overlays in the gateway config. */
exports.actionRuleSchema = zod_1.z.strictObject({
    category: zod_1.z.union([zod_1.z.string().min(1), zod_1.z.array(zod_1.z.string().min(1)).min(1)]),
    stage: stage.optional(),
    min_severity: severity.optional(),
    action,
});
function toPolicyRule(a) {
    return { categories: Array.isArray(a.category) ? a.category : [a.category], stage: a.stage, minSeverity: a.min_severity, action: a.action };
}
const policySchema = zod_1.z.strictObject({
    version: zod_1.z.literal(1),
    mode: zod_1.z.enum(['enforce', 'shadow']).default('enforce'),
    /** A detector that throws or times out: fail_closed blocks the request, fail_open lets it pass (flagged). */
    on_detector_error: zod_1.z.enum(['fail_open', 'fail_closed']).default('fail_closed'),
    detector_timeout_ms: zod_1.z.number().int().positive().default(2000),
    default_action: action.default('flag'),
    refusal: zod_1.z.strictObject({
        default_lang: zod_1.z.string().min(2).default('en'),
        text: zod_1.z.record(zod_1.z.string(), zod_1.z.string().min(1)),
    }),
    /** GB 45438 labels on model outputs (explicit text, implicit AIGC metadata). */
    labeling: labeling_1.labelingSchema.prefault({}),
    actions: zod_1.z.array(exports.actionRuleSchema),
    /** Local model and external classifiers (see the commented section in rules/policy.yaml). */
    classifiers: settings_1.classifiersSchema.optional(),
});
const FIX = 'see the commented example in rules/policy.yaml (mode, on_detector_error, refusal.text, actions: [{category, stage, min_severity, action}])';
function loadPolicy(file, taxonomy, problems) {
    const data = (0, yaml_file_1.readYamlFile)(file, policySchema, problems, FIX);
    if (!data)
        return null;
    if (!data.refusal.text[data.refusal.default_lang]) {
        problems.push(`policy.yaml: refusal.default_lang "${data.refusal.default_lang}" has no text. Fix: add refusal.text.${data.refusal.default_lang}`);
    }
    const rules = data.actions.map((a, i) => {
        const rule = toPolicyRule(a);
        for (const glob of rule.categories) {
            const known = [...taxonomy.keys()].some((code) => (0, taxonomy_1.categoryMatches)(glob, code));
            if (!known)
                problems.push(`policy.yaml: actions.${i}.category "${glob}" matches no taxonomy category. Fix: use a code from taxonomy.yaml, a prefix glob such as "A.1.*", or "*"`);
        }
        return rule;
    });
    if (data.classifiers)
        (0, settings_1.checkClassifierSettings)(data.classifiers, taxonomy, data.detector_timeout_ms, problems);
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
