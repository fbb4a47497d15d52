/**
 * Query and body shapes of the dashboard API, validated with zod; a bad value is a 400 that names
 * the field and the fix. Times are `YYYY-MM-DD` (UTC day start) or epoch milliseconds.
 */
import { z } from 'zod';
import { ITEM_STATUSES } from '../audit/status';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const timeParam = z
  .string()
  .trim()
  .refine((s) => DAY.test(s) ? !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) : /^\d{1,15}$/.test(s), 'use a date YYYY-MM-DD (UTC) or epoch milliseconds')
  .transform((s) => (DAY.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number(s)));

const text = (max: number) => z.string().trim().max(max).optional().transform((s) => (s === '' ? undefined : s));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const violationQuery = z.object({
  since: timeParam.optional(),
  until: timeParam.optional(),
  category: z.string().regex(/^[A-Za-z0-9._-]{0,64}$/, 'use a taxonomy code or group such as A.1.f or A.1').optional().transform((s) => s || undefined),
  stage: z.enum(['', 'input', 'output']).optional().transform((s) => s || undefined),
  action: z.enum(['', 'block', 'redact', 'flag']).optional().transform((s) => s || undefined),
  status: z.enum(['', 'none', ...ITEM_STATUSES]).optional().transform((s) => s || undefined),
  model: text(200),
  tenant: text(200),
  q: text(500),
  item: int(1, Number.MAX_SAFE_INTEGER).optional(),
  page: int(1, 1_000_000).optional(),
  page_size: int(1, 200).optional(),
});

export const overviewQuery = z.object({
  since: timeParam.optional(),
  until: timeParam.optional(),
  /** Days back from now when `since` is not given. */
  days: int(1, 3660).optional(),
});

export const itemQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
    .pipe(z.array(z.enum(ITEM_STATUSES)).optional()),
  category: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use a taxonomy code or group such as A.1.f or A.1').optional(),
  since: timeParam.optional(),
  until: timeParam.optional(),
  page: int(1, 1_000_000).optional(),
  page_size: int(1, 500).optional(),
});

export const REVIEW_DECISIONS = ['confirmed', 'false_positive', 'open', 'note'] as const;

export const reviewBody = z
  .strictObject({
    violation_ids: z.array(z.number().int().positive()).max(500).optional(),
    item_ids: z.array(z.number().int().positive()).max(500).optional(),
    decision: z.enum(REVIEW_DECISIONS),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((b) => (b.violation_ids?.length ?? 0) + (b.item_ids?.length ?? 0) > 0, { message: 'give violation_ids or item_ids', path: ['violation_ids'] })
  .refine((b) => b.decision === 'confirmed' || b.note !== '', { message: 'a false positive, a reopening and a note need the note text: say why', path: ['note'] });

export const allowlistBody = z.strictObject({
  violation_id: z.number().int().positive(),
  /** Index of the keyword finding in the violation's findings. */
  finding: z.number().int().min(0).max(1000),
  /** The benign phrase, containing the matched words (e.g. 冰毒的危害 for 冰毒). */
  phrase: z
    .string()
    .trim()
    .min(2)
    .max(200)
    .refine((s) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(s), 'one line of visible text only')
    .refine((s) => !s.startsWith('#') && !s.includes('&&'), 'a phrase cannot start with # or contain && (the keyword-file syntax)'),
  note: z.string().trim().max(2000).default(''),
});

export const tryBody = z.strictObject({
  text: z.string().min(1).max(20_000),
  stage: z.enum(['input', 'output']).default('input'),
});

export function issuesOf(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}
