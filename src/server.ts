/**
 * createApp(): the request listener, in pipeline order, and no decisions of its own.
 *   inspected POSTs (a route with a dialect) → the direct path (inspected.ts: context → body →
 *   input stage → direct forwarder → output stage);
 *   everything else → express: security headers + context → path safety → health → metrics →
 *   admin / compliance / dashboard → other /v1/* (pass or deny) → pass-through proxy → 404 →
 *   errors in the dialect's shape.
 */
import type http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AuditStore } from './audit/store';
import type { Config } from './config';
import { openAiDialect } from './dialects/openai';
import { GatewayError, statusForCode } from './errors';
import type { Logger } from './log';
import { createAdminRouter, tokenMatches } from './admin/routes';
import { createComplianceRouter } from './compliance/router';
import { createDashboard } from './dashboard/routes';
import type { Metrics } from './metrics';
import type { RulesHolder } from './policy/holder';
import { getContext, type RequestContext } from './proxy/context';
import { createInspectedHandler } from './inspected';
import { createContexts, unsafePath } from './request-context';
import { buildRouteTable } from './routing/build';
import { dropGatewayCredentials, gatewayCredentialMatcher, securityHeaders, writeApiHead } from './security';

export { canonicalPath } from './request-context';

export interface AppDeps {
  config: Config;
  /** Holds the engine of the current rules revision; a reload swaps it. */
  rules: RulesHolder;
  metrics: Metrics;
  store: AuditStore;
  log: Logger;
  /** The default upstream's base URL (config, or the demo upstream's); null when only routes serve. */
  upstreamUrl: string | null;
}

/** Errors outside an inspected route (unknown paths, health) use OpenAI's shape. */
const DEFAULT_DIALECT = openAiDialect('chat');

export function sendError(res: http.ServerResponse, err: GatewayError, ctx: RequestContext | undefined): void {
  if (res.headersSent) {
    // Mid-stream failure: the status is gone; ending the connection is the only honest signal.
    res.destroy();
    return;
  }
  const body = JSON.stringify((ctx?.dialect ?? DEFAULT_DIALECT).errorBody(err));
  writeApiHead(res, statusForCode(err.code), ctx?.requestId ?? '', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function bodyParseError(err: unknown): GatewayError | null {
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') return new GatewayError('body_too_large', `The request body exceeds the gateway's limit of ${e.limit} bytes.`);
  if (e?.type === 'request.aborted') return new GatewayError('invalid_request', 'The client aborted the request body.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new GatewayError('unsupported_media_type', 'The request body encoding is not supported; send identity-encoded UTF-8 JSON.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new GatewayError('invalid_request', 'The request body could not be read.');
  return null;
}

/** Any error to the GatewayError the client gets; unexpected ones are logged (never with content). */
function gatewayErrorFor(log: Logger) {
  return (err: unknown, ctx: RequestContext | undefined): GatewayError => {
    const gwErr = err instanceof GatewayError ? err : bodyParseError(err) ?? new GatewayError('internal_error', 'The gateway failed to handle the request.');
    if (gwErr.code === 'internal_error') log.error('unhandled error', { requestId: ctx?.requestId, error: (err as Error)?.message, stack: (err as Error)?.stack });
    if (gwErr.code === 'audit_unavailable') log.error('audit store unavailable', { requestId: ctx?.requestId });
    return gwErr;
  };
}

export function createApp(deps: AppDeps): http.RequestListener {
  const { config, store, log, metrics } = deps;
  const routes = buildRouteTable(config, deps.upstreamUrl, {
    adminToken: config.admin_token,
    isGatewayCredential: gatewayCredentialMatcher([config.admin_token, config.metrics.token, config.compliance.complaint_token]),
    metrics,
    store,
    log,
    sendError,
  });
  const contexts = createContexts({ config, rules: deps.rules, metrics, store, log, routes });
  const engine = contexts.engine;
  const toGatewayError = gatewayErrorFor(log);
  const inspected = createInspectedHandler({ config, store, metrics, routes, contexts, toGatewayError, sendError });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());

  app.use(function requestContext(req: Request, res: Response, next: NextFunction) {
    const ctx = contexts.open(req, res, contexts.locate(req.method, req.originalUrl));
    // Express's own answers (health, admin, dashboard, pass-through) carry the id too.
    res.setHeader('x-request-id', ctx.requestId);
    if (unsafePath(req.originalUrl)) return next(new GatewayError('invalid_request', 'The request path is not allowed.'));
    if (!ctx.upstream) return next();
    contexts.admit(ctx, req.headers).then(() => next(), next);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const healthy = store.isHealthy();
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ready' : 'audit store unavailable', policyRevision: engine().ruleSet.revision });
  });
  if (config.metrics.enabled) {
    app.get('/metrics', async (req, res, next) => {
      const token = config.metrics.token;
      if (token && !tokenMatches(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1], token)) return next(new GatewayError('unauthorized', 'A valid metrics token is required.'));
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
    });
  }
  app.use('/admin/v1', createAdminRouter({ adminToken: config.admin_token, rules: deps.rules }));
  app.use('/compliance/v1', createComplianceRouter({ store, config: config.compliance, engine }));
  app.use(createDashboard({ config, store, rules: deps.rules })); // /dashboard and its API under /compliance/v1, never under /v1

  app.use(function unknownRoutes(req: Request, _res: Response, next: NextFunction) {
    const ctx = getContext(req);
    if (ctx?.upstream && !ctx.dialect && config.unknown_routes === 'deny') {
      return next(new GatewayError('route_denied', `The gateway does not forward ${req.method} ${ctx.route}.`));
    }
    next();
  });

  app.use(dropGatewayCredentials([config.admin_token, config.metrics.token, config.compliance.complaint_token]));
  app.use(function forward(req: Request, res: Response, next: NextFunction) {
    const ctx = getContext(req);
    // Inspected requests never reach here (the listener sends them the direct way); should one ever
    // do, it is refused, never passed through unchecked.
    if (ctx?.dialect) return next(new GatewayError('internal_error', 'An inspected request reached the pass-through proxy.'));
    if (ctx?.upstream) return ctx.upstream.forward(req, res, next);
    next();
  });

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new GatewayError('not_found', `Unknown route: ${req.method} ${req.path}`));
  });

  app.use(function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    const ctx = getContext(req);
    sendError(res, toGatewayError(err, ctx), ctx);
  });

  return function gatewayListener(req, res) {
    const url = req.url ?? '/';
    if (req.method === 'POST' && !unsafePath(url)) {
      const where = contexts.locate(req.method, url);
      if (where.dialect && where.upstream) return inspected(req, res, where);
    }
    app(req, res);
  };
}
