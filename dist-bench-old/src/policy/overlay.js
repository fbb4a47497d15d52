"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.policyOverlaySchema = void 0;
exports.applyOverlays = applyOverlays;
/**
 * Policy hierarchy: global (rules/policy.yaml) → tenant → route. An overlay from the gateway config
 * can switch the mode, prepend action rules (first match wins, so the more specific layer decides
 * first), change the default action, refusal texts and labels. Clients cannot choose an overlay:
 * the tenant comes from a gateway key or a trusted header, the route from the path or model.
 */
const zod_1 = require("zod");
const labeling_1 = require("./labeling");
const policy_file_1 = require("./policy-file");
exports.policyOverlaySchema = zod_1.z.strictObject({
    mode: zod_1.z.enum(['enforce', 'shadow']).optional(),
    default_action: zod_1.z.enum(['allow', 'flag', 'redact', 'block']).optional(),
    /** Checked before the layers below. */
    actions: zod_1.z.array(policy_file_1.actionRuleSchema).optional(),
    refusal: zod_1.z.record(zod_1.z.string(), zod_1.z.string().min(1)).optional(),
    labeling: labeling_1.labelingSchema.optional(),
});
/** Applies overlays in order (tenant, then route): each later one takes precedence. */
function applyOverlays(base, overlays) {
    let policy = base;
    for (const o of overlays) {
        policy = {
            ...policy,
            mode: o.mode ?? policy.mode,
            defaultAction: o.default_action ?? policy.defaultAction,
            rules: [...(o.actions ?? []).map(policy_file_1.toPolicyRule), ...policy.rules],
            refusal: o.refusal ? { ...policy.refusal, text: { ...policy.refusal.text, ...o.refusal } } : policy.refusal,
            labeling: o.labeling ?? policy.labeling,
        };
    }
    return policy;
}
