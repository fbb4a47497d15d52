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
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
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

/**
 * The start of every direct-path response head: the API's headers and the request id (its value
 * last), as the flat name, value list writeHead takes; and where each of these names sits in it.
 */
const API_HEAD: OutgoingHttpHeader[] = [...API_HEADERS.flat(), 'x-request-id', ''];
const API_NAME_AT = new Map<string, number>([...API_HEADERS.map(([name], i): [string, number] => [name.toLowerCase(), 2 * i]), ['x-request-id', API_HEAD.length - 2]]);
/** Set by both helmet configurations: its presence means the express middleware has set them. */
const SET_BY_MIDDLEWARE = 'x-content-type-options';

/**
 * Writes a response's head with the gateway's request id and the API's security headers. The direct
 * path for inspected routes sets no header before this (a setHeader per header costs more than
 * writing the whole head from one flat list); a response on the express path already has its
 * security headers (the dashboard its own) and gets `headers` merged as before. A header in
 * `headers` named like a security header replaces it, as setHeader would.
 */
export function writeApiHead(res: ServerResponse, status: number, requestId: string, headers: OutgoingHttpHeaders): void {
  if (res.hasHeader(SET_BY_MIDDLEWARE)) {
    res.setHeader('x-request-id', requestId);
    res.writeHead(status, headers);
    return;
  }
  const head = API_HEAD.slice();
  head[head.length - 1] = requestId;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const at = API_NAME_AT.get(name.toLowerCase());
    if (at === undefined) {
      head.push(name, value);
    } else {
      head[at] = name;
      head[at + 1] = value;
    }
  }
  res.writeHead(status, head);
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
