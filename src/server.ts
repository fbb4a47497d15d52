/**
 * createApp(): the express wiring, in pipeline order, and no decisions of its own.
 *   request id + context → path safety → health → inspected OpenAI routes (body → input stage)
 *   → other /v1/* (pass or deny) → upstream proxy (output stage) → 404 → errors in OpenAI's shape.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AuditStore } from './audit/store';
import { parseByteSize, type Config } from './config';
import { anthropicDialect } from './dialects/anthropic';
import type { Dialect } from './dialects/dialect';
import { openAiDialect } from './dialects/openai';
import { GatewayError, statusForCode } from './errors';
import type { Logger } from './log';
import { createAdminRouter, tokenMatches } from './admin/routes';
import { recordStrike } from './compliance/end-users';
import { createComplianceRouter } from './compliance/router';
import { createDashboard } from './dashboard/routes';
import { routeLabel, type Metrics } from './metrics';
import type { RulesHolder } from './policy/holder';
import { getContext, setContext, type RequestContext } from './proxy/context';
import { keyFingerprint } from './proxy/headers';
import { createInspectRequest } from './proxy/inspect-request';
import type { Engine } from './policy/engine';
import type { PolicyOverlay } from './policy/overlay';
import { buildRouteTable } from './routing/build';
import { EngineVariants } from './routing/engines';
import { RateLimiter } from './routing/rate-limit';
import type { UpstreamRoute } from './routing/table';
import { TenantDirectory } from './routing/tenants';
import { dropGatewayCredentials, securityHeaders } from './security';

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

/** Inspected routes and their wire formats; every other /v1/* path is passed through or denied. */
const INSPECTED: Record<string, Dialect> = {
  '/v1/chat/completions': openAiDialect('chat'),
  '/v1/completions': openAiDialect('completions'),
  '/v1/responses': openAiDialect('responses'),
  '/v1/embeddings': openAiDialect('embeddings'),
  '/v1/messages': anthropicDialect(),
};

/**
 * The route a path means to an upstream that decodes, folds case and ignores repeated or trailing
 * slashes: `/V1//chat/completions/` must be inspected like `/v1/chat/completions`, never passed.
 */
export function canonicalPath(path: string): string {
  let p = path;
  try {
    p = decodeURIComponent(p);
  } catch {
    // left as is; unsafePath() rejects undecodable paths
  }
  return p.toLowerCase().replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
}

/** Errors outside an inspected route (unknown paths, health) use OpenAI's shape. */
const DEFAULT_DIALECT = openAiDialect('chat');

const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

export function sendError(res: http.ServerResponse, err: GatewayError, ctx: RequestContext | undefined): void {
  if (res.headersSent) {
    // Mid-stream failure: the status is gone; ending the connection is the only honest signal.
    res.destroy();
    return;
  }
  const body = JSON.stringify((ctx?.dialect ?? DEFAULT_DIALECT).errorBody(err));
  res.writeHead(statusForCode(err.code), { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': ctx?.requestId ?? '' });
  res.end(body);
}

/** Rejects paths that could escape /v1 once decoded or normalised by someone downstream. */
function unsafePath(url: string): boolean {
  const path = url.split('?')[0];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  // `..;x` is a dot segment to servlet containers (path parameters), so it is refused like `..`.
  return /(^|\/)\.\.?(;[^/]*)?(\/|$)/.test(decoded) || decoded.includes('\\') || !path.startsWith('/');
}

function bodyParseError(err: unknown): GatewayError | null {
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') return new GatewayError('body_too_large', `The request body exceeds the gateway's limit of ${e.limit} bytes.`);
  if (e?.type === 'request.aborted') return new GatewayError('invalid_request', 'The client aborted the request body.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new GatewayError('unsupported_media_type', 'The request body encoding is not supported; send identity-encoded UTF-8 JSON.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new GatewayError('invalid_request', 'The request body could not be read.');
  return null;
}

export function createApp(deps: AppDeps): express.Express {
  const { config, store, log, metrics } = deps;
  const engine = () => deps.rules.current();
  const tenants = new TenantDirectory(config.tenants);
  const limiter = new RateLimiter();
  const variants = new EngineVariants();
  const engineFor = (tenantOverlay: PolicyOverlay | undefined, route: UpstreamRoute | null): Engine => variants.get(engine(), [tenantOverlay, route?.overlay]);
  const routes = buildRouteTable(config, deps.upstreamUrl, {
    adminToken: config.admin_token,
    metrics,
    store,
    log,
    sendError,
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());

  app.use(function requestContext(req: Request, res: Response, next: NextFunction) {
    const requestId = crypto.randomUUID();
    const resolved = routes.resolve(canonicalPath(req.path));
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const ctx: RequestContext = {
      requestId,
      startedAt: Date.now(),
      method: req.method,
      route: req.path,
      dialect: req.method === 'POST' && resolved ? (resolved.route.generic ?? INSPECTED[resolved.inner] ?? null) : null,
      upstream: resolved?.route ?? null,
      upstreamPath: resolved?.route.prefix ? resolved.inner + query : req.originalUrl,
      tenant: null,
      engine: engine(),
      model: null,
      clientKeyFp: keyFingerprint(req.headers, sha256),
      endUser: null,
      streamed: false,
      lang: engine().ruleSet.policy.refusal.defaultLang,
      forwardBody: null,
      inputSegments: [],
      inputVerdict: null,
      action: 'allow',
      upstreamStatus: null,
      upstreamTimedOut: false,
      forwardedAt: 0,
    };
    setContext(req, ctx);
    res.setHeader('x-request-id', requestId);
    res.on('close', () => {
      if (req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics') return;
      const c = getContext(req) ?? ctx;
      const durationMs = Date.now() - c.startedAt;
      metrics.requests.inc({ route: routeLabel(c.route, c.dialect !== null), status: String(res.statusCode), action: c.action });
      // User strikes (Art. 14(2), TC260 §7): every inspected request of a known end user counts,
      // a block as a violation; a refused suspended user's request does not.
      if (c.endUser && c.inputVerdict && res.statusCode !== 403) {
        recordStrike(store, config.compliance, { endUser: c.endUser, violation: c.action === 'block', requestId, category: c.inputVerdict.findings[0]?.category })
          .catch((err: unknown) => log.error('user strike could not be recorded', { requestId, error: (err as Error).message }));
      }
      store.recordRequest({ requestId, ts: c.startedAt, route: c.route, method: c.method, model: c.model, status: res.statusCode, action: c.action, durationMs, streamed: c.streamed, clientKeyFp: c.clientKeyFp, tenant: c.tenant, upstreamStatus: c.upstreamStatus });
      log.info('request', { requestId, method: c.method, route: c.route, status: res.statusCode, action: c.action, durationMs, model: c.model, categories: [...new Set(c.inputVerdict?.findings.map((f) => f.category) ?? [])] });
    });
    if (unsafePath(req.originalUrl)) return next(new GatewayError('invalid_request', 'The request path is not allowed.'));
    if (!ctx.upstream) return next();
    try {
      const tenant = tenants.resolve(req.headers);
      ctx.tenant = tenant?.id ?? null;
      ctx.tenantOverlay = tenant?.overlay;
      ctx.engine = engineFor(tenant?.overlay, ctx.upstream);
      ctx.lang = ctx.engine.ruleSet.policy.refusal.defaultLang;
      const perMinute = tenant?.requestsPerMinute ?? config.requests_per_minute_per_key;
      const key = ctx.tenant ? `tenant:${ctx.tenant}` : `key:${ctx.clientKeyFp ?? 'anonymous'}`;
      if (perMinute !== undefined && !limiter.take(key, perMinute)) throw new GatewayError('rate_limited', 'Too many requests: the rate limit for this key was reached. Retry later.');
    } catch (err) {
      return next(err);
    }
    next();
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

  const rawBody = express.raw({ type: () => true, limit: parseByteSize(config.body_limit) });
  const inspectRequest = createInspectRequest({ routeForModel: (model) => routes.byModel(model), engineFor, store, metrics, compliance: config.compliance });
  app.use(function inspectedRoutes(req: Request, res: Response, next: NextFunction) {
    if (!getContext(req)?.dialect) return next();
    rawBody(req, res, (err?: unknown) => (err ? next(err) : inspectRequest(req, res, next).catch(next)));
  });

  app.use(function unknownRoutes(req: Request, _res: Response, next: NextFunction) {
    const ctx = getContext(req);
    if (ctx?.upstream && !ctx.dialect && config.unknown_routes === 'deny') {
      return next(new GatewayError('route_denied', `The gateway does not forward ${req.method} ${req.path}.`));
    }
    next();
  });

  app.use(dropGatewayCredentials([config.admin_token, config.metrics.token, config.compliance.complaint_token]));
  app.use(function forward(req: Request, res: Response, next: NextFunction) {
    const upstream = getContext(req)?.upstream;
    if (upstream) return upstream.forward(req, res, next);
    next();
  });

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new GatewayError('not_found', `Unknown route: ${req.method} ${req.path}`));
  });

  app.use(function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    const ctx = getContext(req);
    const gwErr = err instanceof GatewayError ? err : bodyParseError(err) ?? new GatewayError('internal_error', 'The gateway failed to handle the request.');
    if (gwErr.code === 'internal_error') log.error('unhandled error', { requestId: ctx?.requestId, error: (err as Error)?.message, stack: (err as Error)?.stack });
    if (gwErr.code === 'audit_unavailable') log.error('audit store unavailable', { requestId: ctx?.requestId });
    sendError(res, gwErr, ctx);
  });

  return app;
}
