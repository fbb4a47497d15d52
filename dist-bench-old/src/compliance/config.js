"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.complianceConfigSchema = exports.STRIKE_ACTIONS = exports.MIN_RETENTION_DAYS = void 0;
exports.defaultComplianceConfig = defaultComplianceConfig;
/**
 * The `compliance:` section of the gateway config: remediation clock, complaint intake, user strikes
 * and retention. Mounted in src/config.ts as `compliance: complianceConfigSchema.prefault({})`.
 */
const zod_1 = require("zod");
/** Cybersecurity Law Art. 21: network logs kept no less than six months; 183 days covers any six. */
exports.MIN_RETENTION_DAYS = 183;
exports.STRIKE_ACTIONS = ['warn', 'limit', 'suspend'];
exports.complianceConfigSchema = zod_1.z.strictObject({
    /** Remediation deadline: detection + this many calendar months (clamped to the month's last day). */
    remediation_months: zod_1.z.number().int().min(1).max(24).default(3),
    /** Bearer token for POST /compliance/v1/complaints; without one the route answers 503. */
    complaint_token: zod_1.z.string().min(16).optional(),
    /** Response-time deadline for a complaint, in days from receipt (published with the complaint process). */
    complaint_response_days: zod_1.z.number().int().min(1).max(365).default(15),
    strikes: zod_1.z
        .strictObject({
        /** Violations in a row (no clean request between them) that trigger the action. */
        consecutive: zod_1.z.number().int().min(1).default(3),
        /** Violations within any 24 hours that trigger the action. */
        per_day: zod_1.z.number().int().min(1).default(5),
        action: zod_1.z.enum(exports.STRIKE_ACTIONS).default('suspend'),
    })
        .prefault({}),
    /** Header carrying the end-user id when the body has no OpenAI `user` / `safety_identifier`. */
    end_user_header: zod_1.z.string().regex(/^[A-Za-z0-9-]+$/).default('x-end-user-id').transform((h) => h.toLowerCase()),
    retention: zod_1.z
        .strictObject({
        /** Request metadata (all traffic). */
        request_days: zod_1.z.number().int().min(exports.MIN_RETENTION_DAYS).default(exports.MIN_RETENTION_DAYS),
        /** Violations, counted from when their item was remediated / dismissed (or from detection when no item). */
        violation_days: zod_1.z.number().int().min(exports.MIN_RETENTION_DAYS).default(exports.MIN_RETENTION_DAYS),
    })
        .prefault({}),
});
/** The defaults, for tools and tests that run without a config file. */
function defaultComplianceConfig() {
    return exports.complianceConfigSchema.parse({});
}
