/**
 * Request and response hygiene that is about the gateway's own safety, not about content.
 *
 * Security headers (helmet) on every response the gateway writes, proxied ones included. The JSON
 * and SSE APIs get a CSP that allows nothing (`default-src 'none'`: a response rendered by a browser
 * by mistake can run no script and be framed by no page); the dashboard under /dashboard sets its
 * own CSP, so helmet leaves that one header to it. Helmet only calls setHeader before the response
 * starts, so streamed (SSE) responses are unaffected apart from the headers. The headers depend on
 * nothing of the request, so helmet runs once per configuration and its headers are replayed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { tokenMatches } from './admin/routes';

type HeaderList = [string, string | string[]][];

/** The headers a helmet configuration sets, recorded once (they depend on nothing of the request). */
function recordHelmet(options: Parameters<typeof helmet>[0]): HeaderList {
  const headers: HeaderList = [];
  const recorder = {
    setHeader: (name: string, value: string | string[]) => headers.push([name, value]),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

const API_HEADERS = recordHelmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
const DASHBOARD_HEADERS = recordHelmet({ contentSecurityPolicy: false });

/** Sets the API's security headers on a response (the direct path for inspected routes uses it too). */
export function setApiSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of API_HEADERS) res.setHeader(name, value);
}

export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  return function securityHeadersMiddleware(req, res, next) {
    const isDashboard = req.path === '/dashboard' || req.path.startsWith('/dashboard/');
    for (const [name, value] of isDashboard ? DASHBOARD_HEADERS : API_HEADERS) res.setHeader(name, value);
    next();
  };
}

/**
 * The gateway's own credentials (admin, metrics and complaint tokens) are never forwarded upstream,
 * however the client spells the bearer (`bearer`, `BEARER  …`): the proxy drops an Authorization
 * header that carries one. The client's own key passes untouched.
 */
export function gatewayCredentialMatcher(tokens: (string | undefined)[]): (authorization: string) => boolean {
  const own = tokens.filter((t): t is string => typeof t === 'string' && t.length > 0);
  if (own.length === 0) return () => false;
  return (authorization) => {
    const bearer = /^\s*Bearer\s+(.+?)\s*$/i.exec(authorization)?.[1];
    return bearer !== undefined && own.some((t) => tokenMatches(bearer, t));
  };
}

export function dropGatewayCredentials(tokens: (string | undefined)[]): (req: Request, res: Response, next: NextFunction) => void {
  const isOwn = gatewayCredentialMatcher(tokens);
  return function dropGatewayCredentialsMiddleware(req, _res, next) {
    if (req.headers.authorization && isOwn(req.headers.authorization)) delete req.headers.authorization;
    next();
  };
}
