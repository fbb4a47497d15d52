/**
 * The direct forwarder for inspected requests: the body has already been read and inspected, so
 * there is nothing to stream through a proxy library. One `http.request` on the route's keep-alive
 * agent carries the exact bytes to send (original or redacted), and the answer goes to
 * respondFromUpstream (output stage, stream guard). Cheaper per request than http-proxy's pipeline,
 * which the pass-through routes keep using.
 */
import http from 'node:http';
import https from 'node:https';
import type { RequestContext } from './context';
import { forwardHeaders } from './headers';
import { respondFromUpstream, upstreamErrorFor, type UpstreamResponseOptions } from './upstream-response';

export interface DirectForwarderOptions extends UpstreamResponseOptions {
  target: string;
  timeoutMs: number;
  agent: http.Agent;
  isGatewayCredential: (authorization: string) => boolean;
}

export type DirectForwarder = (ctx: RequestContext, req: http.IncomingMessage, res: http.ServerResponse) => void;

export function createDirectForwarder(opts: DirectForwarderOptions): DirectForwarder {
  const target = new URL(opts.target);
  const request = target.protocol === 'https:' ? https.request : http.request;
  // A target with a path (`http://host/openai`) prefixes every upstream path, as http-proxy joins them.
  const base = target.pathname.replace(/\/+$/, '');
  return function forwardDirect(ctx, req, res) {
    const body = ctx.forwardBody ?? Buffer.alloc(0);
    const upReq = request({
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || undefined,
      method: req.method,
      path: base + ctx.upstreamPath,
      agent: opts.agent,
      headers: forwardHeaders(req.headers, { host: target.host, requestId: ctx.requestId, inspected: ctx.dialect !== null, bodyLength: body.length, isGatewayCredential: opts.isGatewayCredential }),
    });
    ctx.forwardedAt = Date.now();
    upReq.setTimeout(opts.timeoutMs, () => {
      ctx.upstreamTimedOut = true;
      upReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' }));
    });
    let answered = false;
    upReq.on('response', (upRes) => {
      answered = true;
      respondFromUpstream(opts, ctx, upRes, res);
    });
    upReq.on('error', (err: NodeJS.ErrnoException) => {
      // Once the answer started, its reader (output stage, stream guard, pipe) owns failures; a
      // request destroyed because the client left has no one to answer.
      if (answered || res.destroyed) return;
      const gwErr = upstreamErrorFor(err, ctx.upstreamTimedOut);
      opts.log.warn('upstream error', { requestId: ctx.requestId, code: gwErr.code, cause: err.code });
      opts.sendError(res, gwErr, ctx);
    });
    // A client that goes away takes its upstream request with it (no orphaned generation).
    res.on('close', () => {
      if (!res.writableFinished) upReq.destroy();
    });
    upReq.end(body);
  };
}
