/**
 * Request and response hygiene that is about the gateway's own safety, not about content.
 *
 * Security headers (helmet) on every response the gateway writes, proxied ones included. The JSON
 * and SSE APIs get a CSP that allows nothing (`default-src 'none'`: a response rendered by a browser
 * by mistake can run no script and be framed by no page); the dashboard under /dashboard sets its
 * own CSP, so helmet leaves that one header to it. Helmet only calls setHeader before the response
 * starts, so streamed (SSE) responses are unaffected apart from the headers.
 */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { tokenMatches } from './admin/routes';

export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const dashboard = helmet({ contentSecurityPolicy: false });
  return function securityHeadersMiddleware(req, res, next) {
    const isDashboard = req.path === '/dashboard' || req.path.startsWith('/dashboard/');
    (isDashboard ? dashboard : api)(req, res, next);
  };
}

/**
 * The gateway's own credentials (admin, metrics and complaint tokens) are never forwarded upstream,
 * however the client spells the bearer (`bearer`, `BEARER  …`): the proxy drops an Authorization
 * header that carries one. The client's own key passes untouched.
 */
export function dropGatewayCredentials(tokens: (string | undefined)[]): (req: Request, res: Response, next: NextFunction) => void {
  const own = tokens.filter((t): t is string => typeof t === 'string' && t.length > 0);
  return function dropGatewayCredentialsMiddleware(req, _res, next) {
    const bearer = /^\s*Bearer\s+(.+?)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && own.some((t) => tokenMatches(bearer, t))) delete req.headers.authorization;
    next();
  };
}
