/**
 * Policy hierarchy: global (rules/policy.yaml) → tenant → route. An overlay from the gateway config
 * can switch the mode, prepend action rules (first match wins, so the more specific layer decides
 * first), change the default action, refusal texts and labels. Clients cannot choose an overlay:
 * the tenant comes from a gateway key or a trusted header, the route from the path or model.
 */
import { z } from 'zod';
import { labelingSchema } from './labeling';
import { actionRuleSchema, toPolicyRule, type Policy } from './policy-file';

export const policyOverlaySchema = z.strictObject({
  mode: z.enum(['enforce', 'shadow']).optional(),
  default_action: z.enum(['allow', 'flag', 'redact', 'block']).optional(),
  /** Checked before the layers below. */
  actions: z.array(actionRuleSchema).optional(),
  refusal: z.record(z.string(), z.string().min(1)).optional(),
  labeling: labelingSchema.optional(),
});

export type PolicyOverlay = z.infer<typeof policyOverlaySchema>;

/** Applies overlays in order (tenant, then route): each later one takes precedence. */
export function applyOverlays(base: Policy, overlays: PolicyOverlay[]): Policy {
  let policy = base;
  for (const o of overlays) {
    policy = {
      ...policy,
      mode: o.mode ?? policy.mode,
      defaultAction: o.default_action ?? policy.defaultAction,
      rules: [...(o.actions ?? []).map(toPolicyRule), ...policy.rules],
      refusal: o.refusal ? { ...policy.refusal, text: { ...policy.refusal.text, ...o.refusal } } : policy.refusal,
      labeling: o.labeling ?? policy.labeling,
    };
  }
  return policy;
}
