/**
 * Where a request goes and the state it carries: the route and dialect its path means, the
 * RequestContext (request id, tenant, engine variant, rate limit), and the bookkeeping when its
 * response closes (metrics, user strikes, the batched request row, the access log line). Shared by
 * the direct path for inspected requests (inspected.ts) and the express app for everything else.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { v7 as timeOrderedUuid } from 'uuid';
import type { AuditStore } from './audit/store';
import { recordStrike } from './compliance/end-users';
import type { Config } from './config';
import { anthropicDialect } from './dialects/anthropic';
import type { Dialect } from './dialects/dialect';
import { openAiDialect } from './dialects/openai';
import { GatewayError } from './errors';
import type { Logger } from './log';
import { routeLabel, type Metrics } from './metrics';
import type { Engine } from './policy/engine';
import type { RulesHolder } from './policy/holder';
import type { PolicyOverlay } from './policy/overlay';
import { setContext, type RequestContext } from './proxy/context';
import { keyFingerprint } from './proxy/headers';
import { EngineVariants } from './routing/engines';
import { RateLimiter } from './routing/rate-limit';
import { SharedRateLimiter } from './routing/shared-rate-limit';
import type { RouteTable, UpstreamRoute } from './routing/table';
import { TenantDirectory } from './routing/tenants';

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

/** Rejects paths that could escape /v1 once decoded or normalised by someone downstream. */
export function unsafePath(url: string): boolean {
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

/** The path of a request target without query or fragment. */
export function requestPath(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/** What a request's method and path mean: which upstream serves it and whether it is inspected. */
export interface Located {
  path: string;
  upstream: UpstreamRoute | null;
  dialect: Dialect | null;
  upstreamPath: string;
}

export interface ContextDeps {
  config: Config;
  rules: RulesHolder;
  metrics: Metrics;
  store: AuditStore;
  log: Logger;
  routes: RouteTable;
}

// One-shot: no Hash object per request (each is a weak handle for the next scavenge to process).
const sha256 = (s: string): string => crypto.hash('sha256', s, 'hex');

let openRequests = 0;

/** Requests this process has opened and not yet closed (every gateway in it). */
export function requestsInFlight(): number {
  return openRequests;
}
const UNLOGGED = new Set(['/healthz', '/readyz', '/metrics']);

export function createContexts(deps: ContextDeps) {
  const { config, store, log, metrics, routes } = deps;
  const engine = () => deps.rules.current();
  const tenants = new TenantDirectory(config.tenants);
  // One PostgreSQL store serves several instances: their limits are counted there, together.
  const limiter: { take(key: string, perMinute: number): boolean | Promise<boolean> } =
    store.kind === 'postgres' ? new SharedRateLimiter(store.sql, log) : new RateLimiter();
  const variants = new EngineVariants();
  const engineFor = (tenantOverlay: PolicyOverlay | undefined, route: UpstreamRoute | null): Engine => variants.get(engine(), [tenantOverlay, route?.overlay]);

  function locate(method: string | undefined, url: string): Located {
    const path = requestPath(url);
    const resolved = routes.resolve(canonicalPath(path));
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    return {
      path,
      upstream: resolved?.route ?? null,
      dialect: method === 'POST' && resolved ? (resolved.route.generic ?? INSPECTED[resolved.inner] ?? null) : null,
      upstreamPath: resolved?.route.prefix ? resolved.inner + query : url,
    };
  }

  /** When the response closes: metrics, the user's strike, the request row, one log line. */
  function onClose(ctx: RequestContext, res: http.ServerResponse): void {
    if (UNLOGGED.has(ctx.route)) return;
    const durationMs = Date.now() - ctx.startedAt;
    metrics.requests.inc({ route: routeLabel(ctx.route, ctx.dialect !== null), status: String(res.statusCode), action: ctx.action });
    // User strikes (Art. 14(2), TC260 §7): every inspected request of a known end user counts,
    // a block as a violation; a refused suspended user's request does not.
    if (ctx.endUser && ctx.inputVerdict && res.statusCode !== 403) {
      recordStrike(store, config.compliance, { endUser: ctx.endUser, violation: ctx.action === 'block', requestId: ctx.requestId, category: ctx.inputVerdict.findings[0]?.category })
        .catch((err: unknown) => log.error('user strike could not be recorded', { requestId: ctx.requestId, error: (err as Error).message }));
    }
    store.recordRequest({ requestId: ctx.requestId, ts: ctx.startedAt, route: ctx.route, method: ctx.method, model: ctx.model, status: res.statusCode, action: ctx.action, durationMs, streamed: ctx.streamed, clientKeyFp: ctx.clientKeyFp, tenant: ctx.tenant, upstreamStatus: ctx.upstreamStatus });
    log.info('request', { requestId: ctx.requestId, method: ctx.method, route: ctx.route, status: res.statusCode, action: ctx.action, durationMs, model: ctx.model, categories: [...new Set(ctx.inputVerdict?.findings.map((f) => f.category) ?? [])] });
  }

  /** The context of a new request, its close bookkeeping armed (the response's x-request-id is the caller's). */
  function open(req: http.IncomingMessage, res: http.ServerResponse, where: Located): RequestContext {
    const current = engine();
    const ctx: RequestContext = {
      // Time-ordered (UUIDv7): the audit store's request_id index grows at its end. Random (v4) ids
      // land all over it, and a batch's commit dirtied ever more pages as the table grew, on the event loop.
      requestId: timeOrderedUuid(),
      startedAt: Date.now(),
      method: req.method ?? 'GET',
      route: where.path,
      dialect: where.dialect,
      upstream: where.upstream,
      upstreamPath: where.upstreamPath,
      tenant: null,
      engine: current,
      model: null,
      clientKeyFp: keyFingerprint(req.headers, sha256),
      endUser: null,
      streamed: false,
      lang: null,
      forwardBody: null,
      inputSegments: [],
      inputVerdict: null,
      action: 'allow',
      upstreamStatus: null,
      upstreamTimedOut: false,
      forwardedAt: 0,
    };
    setContext(req, ctx);
    openRequests++;
    res.on('close', () => {
      openRequests--;
      onClose(ctx, res);
    });
    return ctx;
  }

  /** Tenant, the policy variant it and the route select, and the rate limit; rejects when refused. */
  async function admit(ctx: RequestContext, headers: http.IncomingHttpHeaders): Promise<void> {
    const tenant = tenants.resolve(headers);
    ctx.tenant = tenant?.id ?? null;
    ctx.tenantOverlay = tenant?.overlay;
    ctx.engine = engineFor(tenant?.overlay, ctx.upstream);
    const perMinute = tenant?.requestsPerMinute ?? config.requests_per_minute_per_key;
    const key = ctx.tenant ? `tenant:${ctx.tenant}` : `key:${ctx.clientKeyFp ?? 'anonymous'}`;
    if (perMinute !== undefined && !(await limiter.take(key, perMinute))) throw new GatewayError('rate_limited', 'Too many requests: the rate limit for this key was reached. Retry later.');
  }

  return { engine, engineFor, locate, open, admit };
}

export type Contexts = ReturnType<typeof createContexts>;
