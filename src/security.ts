/**
 * Security headers (helmet) on every response the gateway writes, proxied ones included. The JSON
 * and SSE APIs get a CSP that allows nothing (`default-src 'none'`: a response rendered by a browser
 * by mistake can run no script and be framed by no page); the dashboard under /dashboard sets its
 * own CSP, so helmet leaves that one header to it. Helmet only calls setHeader before the response
 * starts, so streamed (SSE) responses are unaffected apart from the headers.
 */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const dashboard = helmet({ contentSecurityPolicy: false });
  return function securityHeadersMiddleware(req, res, next) {
    const isDashboard = req.path === '/dashboard' || req.path.startsWith('/dashboard/');
    (isDashboard ? dashboard : api)(req, res, next);
  };
}
