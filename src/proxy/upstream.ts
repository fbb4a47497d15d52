/**
 * The proxy to the one configured upstream (http-proxy-middleware over a keep-alive agent: without
 * one, connection churn on loopback pushes latency from ~0.5 ms to hundreds of ms under load).
 * The target is fixed by config; the client's Host header, an absolute-form URL or `..` in the path
 * can never choose another. Responses are handled by the gateway (selfHandleResponse) so outputs
 * are inspected before a byte reaches the client.
 */
import http from 'node:http';
import https from 'node:https';
import type { Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Dialect } from '../dialects/dialect';
import { GatewayError } from '../errors';
import type { Logger } from '../log';
import { routeLabel } from '../metrics';
import { aigcHeaderValue, aigcMetadata } from '../policy/labeling';
import { getContext, type RequestContext } from './context';
import { GATEWAY_HEADERS, endToEndResponseHeaders, hopByHopNames } from './headers';
import { guardStream } from './stream-guard';
import { inspectJsonResponse, isEventStream, type InspectResponseOptions } from './inspect-response';

export interface UpstreamProxyOptions extends InspectResponseOptions {
  target: string;
  timeoutMs: number;
  maxSockets: number;
  adminToken?: string;
  log: Logger;
  /** Writes a GatewayError in the dialect's shape (the server owns the format). */
  sendError: (res: http.ServerResponse, err: GatewayError, ctx: RequestContext | undefined) => void;
}

function errorFor(err: NodeJS.ErrnoException, timedOut: boolean): GatewayError {
  if (timedOut) return new GatewayError('upstream_timeout', 'The upstream model API did not respond in time.');
  if (err instanceof GatewayError) return err;
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH' || err.code === 'EAI_AGAIN') {
    return new GatewayError('upstream_unreachable', `The upstream model API could not be reached (${err.code}).`);
  }
  return new GatewayError('upstream_error', `The connection to the upstream model API failed (${err.code ?? 'error'}).`);
}

export function createUpstreamProxy(opts: UpstreamProxyOptions) {
  const isHttps = opts.target.startsWith('https:');
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets })
    : new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });

  const middleware = createProxyMiddleware<Request, Response>({
    target: opts.target,
    changeOrigin: true,
    agent,
    xfwd: false,
    selfHandleResponse: true,
    logger: undefined,
    // A route's prefix is stripped; the default route forwards the path exactly as the client sent it.
    pathRewrite: (path, req) => getContext(req)?.upstreamPath ?? path,
    on: {
      proxyReq(proxyReq, req) {
        const ctx = getContext(req);
        if (ctx) ctx.forwardedAt = Date.now();
        for (const name of hopByHopNames(req.headers)) proxyReq.removeHeader(name);
        // The client's connection options are its own; the agent keeps ours to the upstream open.
        proxyReq.setHeader('connection', 'keep-alive');
        for (const name of GATEWAY_HEADERS) proxyReq.removeHeader(name);
        if (opts.adminToken && req.headers.authorization === `Bearer ${opts.adminToken}`) proxyReq.removeHeader('authorization');
        proxyReq.removeHeader('x-request-id');
        if (ctx) proxyReq.setHeader('x-request-id', ctx.requestId);
        if (ctx?.dialect) {
          // Inspected responses must be readable: ask for identity encoding.
          proxyReq.setHeader('accept-encoding', 'identity');
        }
        proxyReq.setTimeout(opts.timeoutMs, () => {
          if (ctx) ctx.upstreamTimedOut = true;
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
        const ctx = getContext(req);
        if (!ctx) return void proxyRes.resume();
        ctx.upstreamStatus = proxyRes.statusCode ?? 502;
        opts.metrics.upstreamSeconds.observe({ route: routeLabel(ctx.route, ctx.dialect !== null), status: String(ctx.upstreamStatus) }, (Date.now() - ctx.forwardedAt) / 1000);
        const status = proxyRes.statusCode ?? 502;
        const ok = ctx.dialect !== null && status >= 200 && status < 300;
        if (ok && isEventStream(proxyRes.headers)) {
          const headers = endToEndResponseHeaders(proxyRes.headers, ['x-request-id', 'content-length']);
          const { labeling } = ctx.engine.ruleSet.policy;
          if (labeling.implicit.enabled) headers[labeling.implicit.header.toLowerCase()] = aigcHeaderValue(aigcMetadata(labeling, ctx.requestId));
          res.writeHead(status, { ...headers, 'x-request-id': ctx.requestId, ...upstreamId(proxyRes) });
          res.flushHeaders();
          guardStream(opts, ctx, (ctx.dialect as Dialect).streamAdapter(), proxyRes, res).catch((err: unknown) => {
            opts.log.error('stream guard failed', { requestId: ctx.requestId, error: (err as Error).message });
            res.destroy();
          });
          return;
        }
        if (!ok) {
          const headers = endToEndResponseHeaders(proxyRes.headers, ['x-request-id']);
          res.writeHead(status, { ...headers, 'x-request-id': ctx.requestId, ...upstreamId(proxyRes) });
          proxyRes.pipe(res);
          return;
        }
        inspectJsonResponse(opts, ctx, proxyRes).then(
          ({ headers, body }) => {
            if (res.headersSent || res.destroyed) return;
            res.writeHead(status, { ...headers, 'x-request-id': ctx.requestId, ...upstreamId(proxyRes) });
            res.end(body);
          },
          (err: unknown) => {
            const gwErr = err instanceof GatewayError ? err : new GatewayError('internal_error', 'The response could not be inspected.');
            if (!(err instanceof GatewayError)) opts.log.error('output inspection failed', { requestId: ctx.requestId, error: (err as Error).message });
            opts.sendError(res, gwErr, ctx);
          },
        );
      },
      error(err, req, res) {
        const ctx = getContext(req);
        const gwErr = errorFor(err as NodeJS.ErrnoException, ctx?.upstreamTimedOut ?? false);
        opts.log.warn('upstream error', { requestId: ctx?.requestId, code: gwErr.code, cause: (err as NodeJS.ErrnoException).code });
        if (res instanceof http.ServerResponse) opts.sendError(res, gwErr, ctx);
        else res.destroy();
      },
    },
  });
  return { middleware, agent };
}

function upstreamId(proxyRes: http.IncomingMessage): Record<string, string> {
  const id = proxyRes.headers['x-request-id'];
  return typeof id === 'string' ? { 'x-upstream-request-id': id } : {};
}
