"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createUpstreamProxy = createUpstreamProxy;
/**
 * The proxy to the one configured upstream (http-proxy-middleware over a keep-alive agent: without
 * one, connection churn on loopback pushes latency from ~0.5 ms to hundreds of ms under load).
 * The target is fixed by config; the client's Host header, an absolute-form URL or `..` in the path
 * can never choose another. Responses are handled by the gateway (selfHandleResponse) so outputs
 * are inspected before a byte reaches the client.
 */
const node_http_1 = __importDefault(require("node:http"));
const node_https_1 = __importDefault(require("node:https"));
const http_proxy_middleware_1 = require("http-proxy-middleware");
const errors_1 = require("../errors");
const metrics_1 = require("../metrics");
const labeling_1 = require("../policy/labeling");
const context_1 = require("./context");
const headers_1 = require("./headers");
const stream_guard_1 = require("./stream-guard");
const inspect_response_1 = require("./inspect-response");
function errorFor(err, timedOut) {
    if (timedOut)
        return new errors_1.GatewayError('upstream_timeout', 'The upstream model API did not respond in time.');
    if (err instanceof errors_1.GatewayError)
        return err;
    if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH' || err.code === 'EAI_AGAIN') {
        return new errors_1.GatewayError('upstream_unreachable', `The upstream model API could not be reached (${err.code}).`);
    }
    return new errors_1.GatewayError('upstream_error', `The connection to the upstream model API failed (${err.code ?? 'error'}).`);
}
function createUpstreamProxy(opts) {
    const isHttps = opts.target.startsWith('https:');
    const agent = isHttps
        ? new node_https_1.default.Agent({ keepAlive: true, maxSockets: opts.maxSockets })
        : new node_http_1.default.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
    const middleware = (0, http_proxy_middleware_1.createProxyMiddleware)({
        target: opts.target,
        changeOrigin: true,
        agent,
        xfwd: false,
        selfHandleResponse: true,
        logger: undefined,
        // A route's prefix is stripped; the default route forwards the path exactly as the client sent it.
        pathRewrite: (path, req) => (0, context_1.getContext)(req)?.upstreamPath ?? path,
        on: {
            proxyReq(proxyReq, req) {
                const ctx = (0, context_1.getContext)(req);
                if (ctx)
                    ctx.forwardedAt = Date.now();
                for (const name of (0, headers_1.hopByHopNames)(req.headers))
                    proxyReq.removeHeader(name);
                // The client's connection options are its own; the agent keeps ours to the upstream open.
                proxyReq.setHeader('connection', 'keep-alive');
                for (const name of headers_1.GATEWAY_HEADERS)
                    proxyReq.removeHeader(name);
                if (opts.adminToken && req.headers.authorization === `Bearer ${opts.adminToken}`)
                    proxyReq.removeHeader('authorization');
                proxyReq.removeHeader('x-request-id');
                if (ctx)
                    proxyReq.setHeader('x-request-id', ctx.requestId);
                if (ctx?.dialect) {
                    // Inspected responses must be readable: ask for identity encoding.
                    proxyReq.setHeader('accept-encoding', 'identity');
                }
                proxyReq.setTimeout(opts.timeoutMs, () => {
                    if (ctx)
                        ctx.upstreamTimedOut = true;
                    proxyReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' }));
                });
                if (ctx?.forwardBody) {
                    // The body was consumed for inspection: write the exact bytes to send (http-proxy then
                    // ends the request, as the source stream has already ended).
                    proxyReq.setHeader('content-length', String(ctx.forwardBody.length));
                    proxyReq.removeHeader('transfer-encoding');
                    proxyReq.write(ctx.forwardBody);
                }
            },
            proxyRes(proxyRes, req, res) {
                const ctx = (0, context_1.getContext)(req);
                if (!ctx)
                    return void proxyRes.resume();
                ctx.upstreamStatus = proxyRes.statusCode ?? 502;
                opts.metrics.upstreamSeconds.observe({ route: (0, metrics_1.routeLabel)(ctx.route, ctx.dialect !== null), status: String(ctx.upstreamStatus) }, (Date.now() - ctx.forwardedAt) / 1000);
                const status = proxyRes.statusCode ?? 502;
                const ok = ctx.dialect !== null && status >= 200 && status < 300;
                if (ok && (0, inspect_response_1.isEventStream)(proxyRes.headers)) {
                    const headers = (0, headers_1.endToEndResponseHeaders)(proxyRes.headers, ['x-request-id', 'content-length']);
                    const { labeling } = ctx.engine.ruleSet.policy;
                    if (labeling.implicit.enabled)
                        headers[labeling.implicit.header.toLowerCase()] = (0, labeling_1.aigcHeaderValue)((0, labeling_1.aigcMetadata)(labeling, ctx.requestId));
                    res.writeHead(status, { ...headers, 'x-request-id': ctx.requestId, ...upstreamId(proxyRes) });
                    res.flushHeaders();
                    (0, stream_guard_1.guardStream)(opts, ctx, ctx.dialect.streamAdapter(), proxyRes, res).catch((err) => {
                        opts.log.error('stream guard failed', { requestId: ctx.requestId, error: err.message });
                        res.destroy();
                    });
                    return;
                }
                if (!ok) {
                    const headers = (0, headers_1.endToEndResponseHeaders)(proxyRes.headers, ['x-request-id']);
                    res.writeHead(status, { ...headers, 'x-request-id': ctx.requestId, ...upstreamId(proxyRes) });
                    proxyRes.pipe(res);
                    return;
                }
                (0, inspect_response_1.inspectJsonResponse)(opts, ctx, proxyRes).then(({ headers, body }) => {
                    if (res.headersSent || res.destroyed)
                        return;
                    res.writeHead(status, { ...headers, 'x-request-id': ctx.requestId, ...upstreamId(proxyRes) });
                    res.end(body);
                }, (err) => {
                    const gwErr = err instanceof errors_1.GatewayError ? err : new errors_1.GatewayError('internal_error', 'The response could not be inspected.');
                    if (!(err instanceof errors_1.GatewayError))
                        opts.log.error('output inspection failed', { requestId: ctx.requestId, error: err.message });
                    opts.sendError(res, gwErr, ctx);
                });
            },
            error(err, req, res) {
                const ctx = (0, context_1.getContext)(req);
                const gwErr = errorFor(err, ctx?.upstreamTimedOut ?? false);
                opts.log.warn('upstream error', { requestId: ctx?.requestId, code: gwErr.code, cause: err.code });
                if (res instanceof node_http_1.default.ServerResponse)
                    opts.sendError(res, gwErr, ctx);
                else
                    res.destroy();
            },
        },
    });
    return { middleware, agent };
}
function upstreamId(proxyRes) {
    const id = proxyRes.headers['x-request-id'];
    return typeof id === 'string' ? { 'x-upstream-request-id': id } : {};
}
