/**
 * Who is asking, and may they. Two ways in:
 *   - the page: POST /compliance/v1/session with an officer's name and password → a session cookie
 *     (HttpOnly, SameSite=Strict) and a CSRF token the page sends back as `x-csrf-token` on every
 *     mutation (the double check covers browsers that ignore SameSite);
 *   - scripts: `Authorization: Bearer <token>` matching an officer's token_hash. A browser never adds
 *     that header by itself, so bearer requests need no CSRF token.
 * Roles are ordered: viewer (read, export) < officer (review) < admin (allow-list rules).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { DashboardConfig, Role } from './config';
import { secretsEqual, tokenMatchesHash, verifyPassword } from './password';
import type { LoginLimiter } from './rate-limit';
import { readCookie, sessionCookie, type SessionStore } from './sessions';

export const SESSION_COOKIE = 'cg_dashboard';
const RANK: Record<Role, number> = { viewer: 0, officer: 1, admin: 2 };

export interface Principal {
  officer: string;
  role: Role;
  via: 'session' | 'token';
  csrf: string | null;
}

export type ApiErrorCode = 'unauthorized' | 'forbidden' | 'csrf' | 'rate_limited' | 'not_configured' | 'invalid_request' | 'not_found' | 'conflict' | 'internal_error';

export function apiError(res: Response, status: number, code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message, ...extra } });
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('principalOf: authenticate() did not run for this route');
  return p;
}

export interface AuthOptions {
  config: DashboardConfig;
  sessions: SessionStore;
  limiter: LoginLimiter;
}

const loginSchema = z.strictObject({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

function clientIp(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** A request whose Origin (or Fetch-Metadata) says it came from another site is refused outright. */
function crossSite(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function createAuth(o: AuthOptions) {
  const cookieFor = (value: string, maxAgeSeconds: number) => sessionCookie(SESSION_COOKIE, value, { maxAgeSeconds, secure: o.config.secure_cookie });

  const authenticate: RequestHandler = (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      // Compare against every officer so the time taken does not say which one matched.
      let found: DashboardConfig['officers'][number] | undefined;
      for (const officer of o.config.officers) if (tokenMatchesHash(bearer, officer.token_hash) && !found) found = officer;
      if (!found) return apiError(res, 401, 'unauthorized', 'the bearer token matches no officer; make one with `compliance-gateway dashboard new-token` and put its hash in dashboard.officers');
      res.locals.principal = { officer: found.name, role: found.role, via: 'token', csrf: null } satisfies Principal;
      return next();
    }
    const session = o.sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!session) return apiError(res, 401, 'unauthorized', 'log in at /dashboard, or send `Authorization: Bearer <token>`');
    res.locals.principal = { officer: session.officer, role: session.role, via: 'session', csrf: session.csrf } satisfies Principal;
    next();
  };

  /** Mutations from the page must carry the session's CSRF token and must not come from another site. */
  const csrf: RequestHandler = (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const p = principalOf(res);
    if (p.via === 'token') return next();
    const given = req.headers['x-csrf-token'];
    if (crossSite(req) || typeof given !== 'string' || !p.csrf || !secretsEqual(given, p.csrf)) {
      return apiError(res, 403, 'csrf', 'missing or wrong x-csrf-token: reload the dashboard and try again');
    }
    next();
  };

  const requireRole = (role: Role): RequestHandler => (_req, res, next) => {
    const p = principalOf(res);
    if (RANK[p.role] < RANK[role]) return apiError(res, 403, 'forbidden', `this needs the ${role} role; ${p.officer} is ${p.role}`);
    next();
  };

  const login = async (req: Request, res: Response): Promise<void> => {
    if (o.config.officers.length === 0) return apiError(res, 503, 'not_configured', 'no officers are configured: add dashboard.officers to the gateway config (see README "Dashboard")');
    if (crossSite(req)) return apiError(res, 403, 'csrf', 'log in from the dashboard page itself');
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) return apiError(res, 400, 'invalid_request', 'send JSON {"name": "...", "password": "..."}');
    const { name, password } = parsed.data;
    const ip = clientIp(req);
    const wait = o.limiter.retryAfter(ip, name);
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      return apiError(res, 429, 'rate_limited', `too many failed logins; try again in ${wait} s`, { retry_after: wait });
    }
    const officer = o.config.officers.find((x) => x.name === name);
    // verifyPassword runs scrypt even for unknown names, so timing does not reveal which names exist.
    const ok = await verifyPassword(password, officer?.password_hash);
    if (!ok || !officer) {
      o.limiter.fail(ip, name);
      return apiError(res, 401, 'unauthorized', 'wrong name or password');
    }
    o.limiter.succeed(ip, name);
    const { id, session } = o.sessions.create(officer.name, officer.role);
    res.setHeader('set-cookie', cookieFor(id, (session.expiresAt - session.createdAt) / 1000));
    res.json({ officer: session.officer, role: session.role, csrf: session.csrf });
  };

  const logout = (req: Request, res: Response): void => {
    o.sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.setHeader('set-cookie', cookieFor('', 0));
    res.status(204).end();
  };

  const me = (_req: Request, res: Response): void => {
    const p = principalOf(res);
    res.json({ officer: p.officer, role: p.role, csrf: p.csrf });
  };

  const router = express.Router();
  router.post('/session', express.json({ limit: '8kb' }), (req: Request, res: Response, next: NextFunction) => void login(req, res).catch(next));
  router.get('/session', authenticate, me);
  router.delete('/session', authenticate, csrf, logout);
  return { router, authenticate, csrf, requireRole };
}
