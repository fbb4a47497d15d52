/**
 * The gateway's own admin API under /admin/v1 (never proxied): rules revision and reload.
 * Authenticated by the admin token (`Authorization: Bearer …` or `x-admin-token`), compared in
 * constant time; without a configured token the admin API does not exist (404).
 */
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GatewayError } from '../errors';
import type { RulesHolder } from '../policy/holder';

export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function presentedAdminToken(req: Request): string | undefined {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth)?.[1] : undefined;
  const header = req.headers['x-admin-token'];
  return bearer ?? (typeof header === 'string' ? header : undefined);
}

export interface AdminRouterOptions {
  adminToken?: string;
  rules: RulesHolder;
}

export function createAdminRouter(opts: AdminRouterOptions): express.Router {
  const router = express.Router();
  router.use(function requireAdmin(req: Request, _res: Response, next: NextFunction) {
    if (!opts.adminToken) return next(new GatewayError('not_found', 'The admin API is disabled: set admin_token (ADMIN_TOKEN) to enable it.'));
    if (!tokenMatches(presentedAdminToken(req), opts.adminToken)) return next(new GatewayError('unauthorized', 'A valid admin token is required.'));
    next();
  });
  router.get('/rules', (_req, res) => {
    const rs = opts.rules.current().ruleSet;
    res.json({ revision: rs.revision, loadedAt: new Date(rs.loadedAt).toISOString(), mode: rs.policy.mode, keywords: rs.keywords.length, regexRules: rs.regexes.length, categories: rs.taxonomy.size });
  });
  router.post('/reload', (_req, res) => {
    const result = opts.rules.reload();
    res.status(result.ok ? 200 : 422).json(result);
  });
  return router;
}
