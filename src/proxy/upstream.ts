/**
 * The proxy for pass-through routes (http-proxy-middleware over the route's keep-alive agent:
 * without one, connection churn on loopback pushes latency from ~0.5 ms to hundreds of ms under
 * load). Inspected routes go up through the direct forwarder (direct.ts) on the same agent.
 * The target is fixed by config; the client's Host header, an absolute-form URL or `..` in the path
 * can never choose another. Responses are handled by the gateway (selfHandleResponse).
 */
import http from 'node:http';
import type { Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { getContext } from './context';
import { GATEWAY_HEADERS, hopByHopNames } from './headers';
import { respondFromUpstream, upstreamErrorFor, type UpstreamResponseOptions } from './upstream-response';

export interface UpstreamProxyOptions extends UpstreamResponseOptions {
  target: string;
  timeoutMs: number;
  agent: http.Agent;
  adminToken?: string;
}

export function createUpstreamProxy(opts: UpstreamProxyOptions) {
  return createProxyMiddleware<Request, Response>({
    target: opts.target,
    changeOrigin: true,
    agent: opts.agent,
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
        proxyReq.setTimeout(opts.timeoutMs, () => {
          if (ctx) ctx.upstreamTimedOut = true;
          proxyReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' }));
        });
      },
      proxyRes(proxyRes, req, res) {
        const ctx = getContext(req);
        if (!ctx) return void proxyRes.resume();
        respondFromUpstream(opts, ctx, proxyRes, res);
      },
      error(err, req, res) {
        const ctx = getContext(req);
        const gwErr = upstreamErrorFor(err as NodeJS.ErrnoException, ctx?.upstreamTimedOut ?? false);
        opts.log.warn('upstream error', { requestId: ctx?.requestId, code: gwErr.code, cause: (err as NodeJS.ErrnoException).code });
        if (res instanceof http.ServerResponse) opts.sendError(res, gwErr, ctx);
        else res.destroy();
      },
    },
  });
}
