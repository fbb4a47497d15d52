"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tryBody = exports.allowlistBody = exports.reviewBody = exports.REVIEW_DECISIONS = exports.itemQuery = exports.overviewQuery = exports.violationQuery = exports.timeParam = void 0;
exports.issuesOf = issuesOf;
/**
 * Query and body shapes of the dashboard API, validated with zod; a bad value is a 400 that names
 * the field and the fix. Times are `YYYY-MM-DD` (UTC day start) or epoch milliseconds.
 */
const zod_1 = require("zod");
const status_1 = require("../audit/status");
const DAY = /^\d{4}-\d{2}-\d{2}$/;
exports.timeParam = zod_1.z
    .string()
    .trim()
    .refine((s) => DAY.test(s) ? !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) : /^\d{1,15}$/.test(s), 'use a date YYYY-MM-DD (UTC) or epoch milliseconds')
    .transform((s) => (DAY.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number(s)));
const text = (max) => zod_1.z.string().trim().max(max).optional().transform((s) => (s === '' ? undefined : s));
const int = (min, max) => zod_1.z.coerce.number().int().min(min).max(max);
exports.violationQuery = zod_1.z.object({
    since: exports.timeParam.optional(),
    until: exports.timeParam.optional(),
    category: zod_1.z.string().regex(/^[A-Za-z0-9._-]{0,64}$/, 'use a taxonomy code or group such as A.1.f or A.1').optional().transform((s) => s || undefined),
    stage: zod_1.z.enum(['', 'input', 'output']).optional().transform((s) => s || undefined),
    action: zod_1.z.enum(['', 'block', 'redact', 'flag']).optional().transform((s) => s || undefined),
    status: zod_1.z.enum(['', 'none', ...status_1.ITEM_STATUSES]).optional().transform((s) => s || undefined),
    model: text(200),
    tenant: text(200),
    q: text(500),
    item: int(1, Number.MAX_SAFE_INTEGER).optional(),
    page: int(1, 1_000_000).optional(),
    page_size: int(1, 200).optional(),
});
exports.overviewQuery = zod_1.z.object({
    since: exports.timeParam.optional(),
    until: exports.timeParam.optional(),
    /** Days back from now when `since` is not given. */
    days: int(1, 3660).optional(),
});
exports.itemQuery = zod_1.z.object({
    status: zod_1.z
        .string()
        .optional()
        .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
        .pipe(zod_1.z.array(zod_1.z.enum(status_1.ITEM_STATUSES)).optional()),
    category: zod_1.z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use a taxonomy code or group such as A.1.f or A.1').optional(),
    since: exports.timeParam.optional(),
    until: exports.timeParam.optional(),
    page: int(1, 1_000_000).optional(),
    page_size: int(1, 500).optional(),
});
exports.REVIEW_DECISIONS = ['confirmed', 'false_positive', 'open', 'note'];
exports.reviewBody = zod_1.z
    .strictObject({
    violation_ids: zod_1.z.array(zod_1.z.number().int().positive()).max(500).optional(),
    item_ids: zod_1.z.array(zod_1.z.number().int().positive()).max(500).optional(),
    decision: zod_1.z.enum(exports.REVIEW_DECISIONS),
    note: zod_1.z.string().trim().max(2000).default(''),
})
    .refine((b) => (b.violation_ids?.length ?? 0) + (b.item_ids?.length ?? 0) > 0, { message: 'give violation_ids or item_ids', path: ['violation_ids'] })
    .refine((b) => b.decision === 'confirmed' || b.note !== '', { message: 'a false positive, a reopening and a note need the note text: say why', path: ['note'] });
exports.allowlistBody = zod_1.z.strictObject({
    violation_id: zod_1.z.number().int().positive(),
    /** Index of the keyword finding in the violation's findings. */
    finding: zod_1.z.number().int().min(0).max(1000),
    /** The benign phrase, containing the matched words (e.g. 冰毒的危害 for 冰毒). */
    phrase: zod_1.z
        .string()
        .trim()
        .min(2)
        .max(200)
        .refine((s) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(s), 'one line of visible text only')
        .refine((s) => !s.startsWith('#') && !s.includes('&&'), 'a phrase cannot start with # or contain && (the keyword-file syntax)'),
    note: zod_1.z.string().trim().max(2000).default(''),
});
exports.tryBody = zod_1.z.strictObject({
    text: zod_1.z.string().min(1).max(20_000),
    stage: zod_1.z.enum(['input', 'output']).default('input'),
});
function issuesOf(err) {
    return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}
