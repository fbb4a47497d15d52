/**
 * HTTP routes of the compliance workflow, as an express Router the gateway mounts:
 *   app.use('/compliance/v1', createComplianceRouter({ store, config }))
 *
 * POST /complaints (Interim Measures Art. 15): `Authorization: Bearer <compliance.complaint_token>`,
 * body {request_id?, text?, category?, contact?} (at least one of request_id / text). 201 with the
 * complaint id and its response deadline. Errors: {"error":{"code","message","issues"?}}.
 */
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuditStore } from '../audit/store';
import { recordComplaint } from '../audit/complaints';
import type { Engine } from '../policy/engine';
import type { ComplianceConfig } from './config';

export interface ComplianceRouterOptions {
  store: AuditStore;
  config: ComplianceConfig;
  /** Used to mask personal data in complaint text for `masked` storage; without it only the hash is kept. */
  engine?: () => Engine;
  now?: () => number;
}

export const complaintSchema = z
  .strictObject({
    request_id: z.string().trim().min(1).max(200).optional(),
    text: z.string().trim().min(1).max(20_000).optional(),
    category: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use a taxonomy code such as A.1.f').optional(),
    contact: z.string().trim().min(1).max(320).optional(),
  })
  .refine((b) => b.request_id !== undefined || b.text !== undefined, { message: 'give request_id (from the x-request-id header) or text', path: ['text'] });

type ErrorCode = 'unauthorized' | 'invalid_request' | 'not_configured' | 'internal_error';

function fail(res: Response, status: number, code: ErrorCode, message: string, issues?: { path: string; message: string }[]): void {
  res.status(status).json({ error: { code, message, ...(issues ? { issues } : {}) } });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = crypto.createHash('sha256').update(m[1].trim()).digest();
  const want = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(given, want); // equal-length digests: no timing leak of the token
}

async function maskText(engine: (() => Engine) | undefined, text: string): Promise<string | undefined> {
  if (!engine) return undefined;
  const e = engine();
  const segments = [{ path: 'complaint', text }];
  const verdict = await e.inspect(segments, 'input');
  return e.redactSegments(segments, verdict.findings)[0];
}

export function createComplianceRouter(opts: ComplianceRouterOptions): Router {
  const router = express.Router();
  const now = opts.now ?? Date.now;

  router.post('/complaints', (req: Request, res: Response, next: NextFunction) => {
    const token = opts.config.complaint_token;
    if (!token) return fail(res, 503, 'not_configured', 'complaint intake is not configured; set compliance.complaint_token in the gateway config');
    if (!tokenMatches(req.headers.authorization, token)) return fail(res, 401, 'unauthorized', 'send the complaint token as `Authorization: Bearer <token>`');
    next();
  }, express.json({ limit: '64kb', strict: true }), (req: Request, res: Response, next: NextFunction) => {
    const parsed = complaintSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
      return fail(res, 400, 'invalid_request', 'the complaint body is invalid', issues);
    }
    const body = parsed.data;
    maskText(opts.engine, body.text ?? '')
      .then(async (masked) => {
        const receipt = await recordComplaint(opts.store, {
          requestId: body.request_id, text: body.text, maskedText: body.text === undefined ? undefined : masked,
          category: body.category, contact: body.contact, receivedAt: now(), responseDays: opts.config.complaint_response_days,
        });
        res.status(201).json({
          complaint_id: receipt.complaintId,
          request_id: receipt.requestId,
          status: 'received',
          response_deadline: new Date(receipt.responseDeadline).toISOString(),
        });
      })
      .catch(next);
  });

  // Body-parser failures (malformed JSON, too large) and store failures, in the same JSON shape.
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return fail(res, 400, 'invalid_request', 'the body is not valid JSON');
    if (e.type === 'entity.too.large') return fail(res, 413, 'invalid_request', 'the complaint body is larger than 64kb');
    fail(res, 500, 'internal_error', 'the complaint could not be recorded; try again later');
  });
  return router;
}
