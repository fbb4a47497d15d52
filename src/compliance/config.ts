/**
 * The `compliance:` section of the gateway config: remediation clock, complaint intake, user strikes
 * and retention. Mounted in src/config.ts as `compliance: complianceConfigSchema.prefault({})`.
 */
import { z } from 'zod';

/** Cybersecurity Law Art. 21: network logs kept no less than six months; 183 days covers any six. */
export const MIN_RETENTION_DAYS = 183;

export const STRIKE_ACTIONS = ['warn', 'limit', 'suspend'] as const;
export type StrikeAction = (typeof STRIKE_ACTIONS)[number];

export const complianceConfigSchema = z.strictObject({
  /** Remediation deadline: detection + this many calendar months (clamped to the month's last day). */
  remediation_months: z.number().int().min(1).max(24).default(3),
  /** Bearer token for POST /compliance/v1/complaints; without one the route answers 503. */
  complaint_token: z.string().min(16).optional(),
  /** Response-time deadline for a complaint, in days from receipt (published with the complaint process). */
  complaint_response_days: z.number().int().min(1).max(365).default(15),
  strikes: z
    .strictObject({
      /** Violations in a row (no clean request between them) that trigger the action. */
      consecutive: z.number().int().min(1).default(3),
      /** Violations within any 24 hours that trigger the action. */
      per_day: z.number().int().min(1).default(5),
      action: z.enum(STRIKE_ACTIONS).default('suspend'),
    })
    .prefault({}),
  /** Header carrying the end-user id when the body has no OpenAI `user` / `safety_identifier`. */
  end_user_header: z.string().regex(/^[A-Za-z0-9-]+$/).default('x-end-user-id').transform((h) => h.toLowerCase()),
  retention: z
    .strictObject({
      /** Request metadata (all traffic). */
      request_days: z.number().int().min(MIN_RETENTION_DAYS).default(MIN_RETENTION_DAYS),
      /** Violations, counted from when their item was remediated / dismissed (or from detection when no item). */
      violation_days: z.number().int().min(MIN_RETENTION_DAYS).default(MIN_RETENTION_DAYS),
    })
    .prefault({}),
});

export type ComplianceConfig = z.infer<typeof complianceConfigSchema>;

/** The defaults, for tools and tests that run without a config file. */
export function defaultComplianceConfig(): ComplianceConfig {
  return complianceConfigSchema.parse({});
}
