/**
 * The compliance officer dashboard, as one router the gateway mounts next to the complaint intake:
 *   app.use(createDashboard({ config, store, rules }))
 * serves the page at /dashboard (static HTML, CSS and JS from ./public, no build step) and its JSON
 * API under /compliance/v1 (session, overview, violations, reviews, allowlist, remediation, exports,
 * complaints, rules). Only those two prefixes are handled here, so the model routes /v1/* never
 * reach it. Everything shown comes from traffic and is attacker-controlled: the page builds DOM with
 * textContent only, and a strict Content-Security-Policy (no inline script or style, same origin
 * only) backs that up.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { AuditStore } from '../audit/store';
import type { Config } from '../config';
import type { RulesHolder } from '../policy/holder';
import { createReadApi } from './api-read';
import { createWriteApi } from './api-write';
import { apiError, createAuth } from './auth';
import { createExportApi } from './exports';
import { LoginLimiter } from './rate-limit';
import { SessionStore } from './sessions';

export interface DashboardOptions {
  config: Pick<Config, 'dashboard' | 'compliance'>;
  store: AuditStore;
  /** Reloaded after an allow-list entry is written (hot reload); the gateway passes deps.rules. */
  rules: RulesHolder;
  now?: () => number;
}

/** The page's files: next to this module under ts-jest, in the source tree when running from dist/. */
export function publicDir(from: string = __dirname): string {
  const local = path.join(from, 'public');
  if (fs.existsSync(path.join(local, 'index.html'))) return local;
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'src', 'dashboard', 'public');
  }
  return local;
}

const PAGE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
};
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] } };

export function createDashboard(o: DashboardOptions): express.Router {
  const router = express.Router();
  const cfg = o.config.dashboard;
  if (!cfg.enabled) return router;
  const now = o.now ?? Date.now;
  const months = o.config.compliance.remediation_months;
  const sessions = new SessionStore({ ttlMs: cfg.session_ttl_minutes * 60_000, now });
  const limiter = new LoginLimiter({
    maxFailures: cfg.login_rate_limit.max_failures,
    maxFailuresPerIp: cfg.login_rate_limit.max_failures_per_ip,
    windowMs: cfg.login_rate_limit.window_minutes * 60_000,
    now,
  });
  const auth = createAuth({ config: cfg, sessions, limiter });

  const api = express.Router();
  api.use(helmet({ contentSecurityPolicy: API_CSP, strictTransportSecurity: false }), (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  api.use(auth.router);
  // Every other API route needs a login; mutations also the CSRF token.
  api.use(auth.authenticate, auth.csrf);
  api.use(createReadApi({ store: o.store, rules: o.rules, months, now }));
  api.use(createWriteApi({ store: o.store, rules: o.rules, months, now, requireOfficer: auth.requireRole('officer'), requireAdmin: auth.requireRole('admin') }));
  api.use(createExportApi({ store: o.store, rules: o.rules, months, now }));
  api.use((req: Request, res: Response) => apiError(res, 404, 'not_found', `unknown dashboard API route ${req.method} ${req.path}`));
  api.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string };
    if (e.type === 'entity.parse.failed') return apiError(res, 400, 'invalid_request', 'the body is not valid JSON');
    if (e.type === 'entity.too.large') return apiError(res, 413, 'invalid_request', 'the body is too large');
    if (res.headersSent) return void res.destroy();
    apiError(res, 500, 'internal_error', 'the dashboard API failed; see the gateway log');
  });

  const page = express.Router();
  page.use(helmet({ contentSecurityPolicy: PAGE_CSP, strictTransportSecurity: cfg.secure_cookie ? undefined : false, crossOriginEmbedderPolicy: true }));
  page.use(express.static(publicDir(), { index: 'index.html', dotfiles: 'ignore', etag: false, maxAge: 0 }));

  // The complaint intake (token-authenticated, mounted earlier) keeps answering POST /complaints.
  router.use('/compliance/v1', api);
  router.use('/dashboard', page);
  return router;
}
