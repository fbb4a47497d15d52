"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.canonicalPath = canonicalPath;
exports.sendError = sendError;
exports.createApp = createApp;
/**
 * createApp(): the express wiring, in pipeline order, and no decisions of its own.
 *   request id + context → path safety → health → inspected OpenAI routes (body → input stage)
 *   → other /v1/* (pass or deny) → upstream proxy (output stage) → 404 → errors in OpenAI's shape.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const express_1 = __importDefault(require("express"));
const config_1 = require("./config");
const anthropic_1 = require("./dialects/anthropic");
const openai_1 = require("./dialects/openai");
const errors_1 = require("./errors");
const routes_1 = require("./admin/routes");
const end_users_1 = require("./compliance/end-users");
const router_1 = require("./compliance/router");
const routes_2 = require("./dashboard/routes");
const metrics_1 = require("./metrics");
const context_1 = require("./proxy/context");
const headers_1 = require("./proxy/headers");
const inspect_request_1 = require("./proxy/inspect-request");
const build_1 = require("./routing/build");
const engines_1 = require("./routing/engines");
const rate_limit_1 = require("./routing/rate-limit");
const tenants_1 = require("./routing/tenants");
const security_1 = require("./security");
/** Inspected routes and their wire formats; every other /v1/* path is passed through or denied. */
const INSPECTED = {
    '/v1/chat/completions': (0, openai_1.openAiDialect)('chat'),
    '/v1/completions': (0, openai_1.openAiDialect)('completions'),
    '/v1/responses': (0, openai_1.openAiDialect)('responses'),
    '/v1/embeddings': (0, openai_1.openAiDialect)('embeddings'),
    '/v1/messages': (0, anthropic_1.anthropicDialect)(),
};
/**
 * The route a path means to an upstream that decodes, folds case and ignores repeated or trailing
 * slashes: `/V1//chat/completions/` must be inspected like `/v1/chat/completions`, never passed.
 */
function canonicalPath(path) {
    let p = path;
    try {
        p = decodeURIComponent(p);
    }
    catch {
        // left as is; unsafePath() rejects undecodable paths
    }
    return p.toLowerCase().replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
}
/** Errors outside an inspected route (unknown paths, health) use OpenAI's shape. */
const DEFAULT_DIALECT = (0, openai_1.openAiDialect)('chat');
const sha256 = (s) => node_crypto_1.default.createHash('sha256').update(s).digest('hex');
function sendError(res, err, ctx) {
    if (res.headersSent) {
        // Mid-stream failure: the status is gone; ending the connection is the only honest signal.
        res.destroy();
        return;
    }
    const body = JSON.stringify((ctx?.dialect ?? DEFAULT_DIALECT).errorBody(err));
    res.writeHead((0, errors_1.statusForCode)(err.code), { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': ctx?.requestId ?? '' });
    res.end(body);
}
/** Rejects paths that could escape /v1 once decoded or normalised by someone downstream. */
function unsafePath(url) {
    const path = url.split('?')[0];
    let decoded = path;
    try {
        decoded = decodeURIComponent(path);
    }
    catch {
        return true;
    }
    // `..;x` is a dot segment to servlet containers (path parameters), so it is refused like `..`.
    return /(^|\/)\.\.?(;[^/]*)?(\/|$)/.test(decoded) || decoded.includes('\\') || !path.startsWith('/');
}
function bodyParseError(err) {
    const e = err;
    if (e?.type === 'entity.too.large')
        return new errors_1.GatewayError('body_too_large', `The request body exceeds the gateway's limit of ${e.limit} bytes.`);
    if (e?.type === 'request.aborted')
        return new errors_1.GatewayError('invalid_request', 'The client aborted the request body.');
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
        return new errors_1.GatewayError('unsupported_media_type', 'The request body encoding is not supported; send identity-encoded UTF-8 JSON.');
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
        return new errors_1.GatewayError('invalid_request', 'The request body could not be read.');
    return null;
}
function createApp(deps) {
    const { config, store, log, metrics } = deps;
    const engine = () => deps.rules.current();
    const tenants = new tenants_1.TenantDirectory(config.tenants);
    const limiter = new rate_limit_1.RateLimiter();
    const variants = new engines_1.EngineVariants();
    const engineFor = (tenantOverlay, route) => variants.get(engine(), [tenantOverlay, route?.overlay]);
    const routes = (0, build_1.buildRouteTable)(config, deps.upstreamUrl, {
        adminToken: config.admin_token,
        metrics,
        store,
        log,
        sendError,
    });
    const app = (0, express_1.default)();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use((0, security_1.securityHeaders)());
    app.use(function requestContext(req, res, next) {
        const requestId = node_crypto_1.default.randomUUID();
        const resolved = routes.resolve(canonicalPath(req.path));
        const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
        const ctx = {
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
            clientKeyFp: (0, headers_1.keyFingerprint)(req.headers, sha256),
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
        (0, context_1.setContext)(req, ctx);
        res.setHeader('x-request-id', requestId);
        res.on('close', () => {
            if (req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics')
                return;
            const c = (0, context_1.getContext)(req) ?? ctx;
            const durationMs = Date.now() - c.startedAt;
            metrics.requests.inc({ route: (0, metrics_1.routeLabel)(c.route, c.dialect !== null), status: String(res.statusCode), action: c.action });
            // User strikes (Art. 14(2), TC260 §7): every inspected request of a known end user counts,
            // a block as a violation; a refused suspended user's request does not.
            if (c.endUser && c.inputVerdict && res.statusCode !== 403) {
                try {
                    (0, end_users_1.recordStrike)(store, config.compliance, { endUser: c.endUser, violation: c.action === 'block', requestId, category: c.inputVerdict.findings[0]?.category });
                }
                catch (err) {
                    log.error('user strike could not be recorded', { requestId, error: err.message });
                }
            }
            store.recordRequest({ requestId, ts: c.startedAt, route: c.route, method: c.method, model: c.model, status: res.statusCode, action: c.action, durationMs, streamed: c.streamed, clientKeyFp: c.clientKeyFp, tenant: c.tenant, upstreamStatus: c.upstreamStatus });
            log.info('request', { requestId, method: c.method, route: c.route, status: res.statusCode, action: c.action, durationMs, model: c.model, categories: [...new Set(c.inputVerdict?.findings.map((f) => f.category) ?? [])] });
        });
        if (unsafePath(req.originalUrl))
            return next(new errors_1.GatewayError('invalid_request', 'The request path is not allowed.'));
        if (!ctx.upstream)
            return next();
        try {
            const tenant = tenants.resolve(req.headers);
            ctx.tenant = tenant?.id ?? null;
            ctx.tenantOverlay = tenant?.overlay;
            ctx.engine = engineFor(tenant?.overlay, ctx.upstream);
            ctx.lang = ctx.engine.ruleSet.policy.refusal.defaultLang;
            const perMinute = tenant?.requestsPerMinute ?? config.requests_per_minute_per_key;
            const key = ctx.tenant ? `tenant:${ctx.tenant}` : `key:${ctx.clientKeyFp ?? 'anonymous'}`;
            if (perMinute !== undefined && !limiter.take(key, perMinute))
                throw new errors_1.GatewayError('rate_limited', 'Too many requests: the rate limit for this key was reached. Retry later.');
        }
        catch (err) {
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
            if (token && !(0, routes_1.tokenMatches)(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1], token))
                return next(new errors_1.GatewayError('unauthorized', 'A valid metrics token is required.'));
            res.setHeader('content-type', metrics.registry.contentType);
            res.end(await metrics.registry.metrics());
        });
    }
    app.use('/admin/v1', (0, routes_1.createAdminRouter)({ adminToken: config.admin_token, rules: deps.rules }));
    app.use('/compliance/v1', (0, router_1.createComplianceRouter)({ store, config: config.compliance, engine }));
    app.use((0, routes_2.createDashboard)({ config, store, rules: deps.rules })); // /dashboard and its API under /compliance/v1, never under /v1
    const rawBody = express_1.default.raw({ type: () => true, limit: (0, config_1.parseByteSize)(config.body_limit) });
    const inspectRequest = (0, inspect_request_1.createInspectRequest)({ routeForModel: (model) => routes.byModel(model), engineFor, store, metrics, compliance: config.compliance });
    app.use(function inspectedRoutes(req, res, next) {
        if (!(0, context_1.getContext)(req)?.dialect)
            return next();
        rawBody(req, res, (err) => (err ? next(err) : inspectRequest(req, res, next).catch(next)));
    });
    app.use(function unknownRoutes(req, _res, next) {
        const ctx = (0, context_1.getContext)(req);
        if (ctx?.upstream && !ctx.dialect && config.unknown_routes === 'deny') {
            return next(new errors_1.GatewayError('route_denied', `The gateway does not forward ${req.method} ${req.path}.`));
        }
        next();
    });
    app.use((0, security_1.dropGatewayCredentials)([config.admin_token, config.metrics.token, config.compliance.complaint_token]));
    app.use(function forward(req, res, next) {
        const upstream = (0, context_1.getContext)(req)?.upstream;
        if (upstream)
            return upstream.forward(req, res, next);
        next();
    });
    app.use((req, _res, next) => {
        next(new errors_1.GatewayError('not_found', `Unknown route: ${req.method} ${req.path}`));
    });
    app.use(function errorHandler(err, req, res, _next) {
        const ctx = (0, context_1.getContext)(req);
        const gwErr = err instanceof errors_1.GatewayError ? err : bodyParseError(err) ?? new errors_1.GatewayError('internal_error', 'The gateway failed to handle the request.');
        if (gwErr.code === 'internal_error')
            log.error('unhandled error', { requestId: ctx?.requestId, error: err?.message, stack: err?.stack });
        if (gwErr.code === 'audit_unavailable')
            log.error('audit store unavailable', { requestId: ctx?.requestId });
        sendError(res, gwErr, ctx);
    });
    return app;
}
