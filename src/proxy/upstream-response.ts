/**
 * What the gateway does with an upstream's answer, whichever way the request went up (the direct
 * forwarder for inspected routes, http-proxy-middleware for pass-through ones): a 2xx event stream
 * goes through the stream guard, a 2xx JSON answer of an inspected route through the output stage,
 * anything else is piped back untouched. Also the mapping of upstream failures to gateway errors.
 */
import type http from 'node:http';
import type { Dialect } from '../dialects/dialect';
import { GatewayError } from '../errors';
import type { Logger } from '../log';
import { routeLabel } from '../metrics';
import { aigcHeaderValue, aigcMetadata } from '../policy/labeling';
import type { RequestContext } from './context';
import { endToEndResponseHeaders } from './headers';
import { inspectJsonResponse, isEventStream, type InspectResponseOptions } from './inspect-response';
import { guardStream } from './stream-guard';
import { writeApiHead } from '../security';

export interface UpstreamResponseOptions extends InspectResponseOptions {
  log: Logger;
  /** Writes a GatewayError in the dialect's shape (the server owns the format). */
  sendError: (res: http.ServerResponse, err: GatewayError, ctx: RequestContext | undefined) => void;
}

export function upstreamErrorFor(err: NodeJS.ErrnoException, timedOut: boolean): GatewayError {
  if (timedOut) return new GatewayError('upstream_timeout', 'The upstream model API did not respond in time.');
  if (err instanceof GatewayError) return err;
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH' || err.code === 'EAI_AGAIN') {
    return new GatewayError('upstream_unreachable', `The upstream model API could not be reached (${err.code}).`);
  }
  return new GatewayError('upstream_error', `The connection to the upstream model API failed (${err.code ?? 'error'}).`);
}

/** The client gets the gateway's request id; the upstream's, when it sends one, under another name. */
function keepUpstreamId(upRes: http.IncomingMessage, headers: http.OutgoingHttpHeaders): http.OutgoingHttpHeaders {
  const id = upRes.headers['x-request-id'];
  if (typeof id === 'string') headers['x-upstream-request-id'] = id;
  return headers;
}

export function respondFromUpstream(opts: UpstreamResponseOptions, ctx: RequestContext, upRes: http.IncomingMessage, res: http.ServerResponse): void {
  const status = upRes.statusCode ?? 502;
  ctx.upstreamStatus = status;
  opts.metrics.upstreamSeconds.observe({ route: routeLabel(ctx.route, ctx.dialect !== null), status: String(status) }, (Date.now() - ctx.forwardedAt) / 1000);
  const ok = ctx.dialect !== null && status >= 200 && status < 300;
  if (ok && isEventStream(upRes.headers)) {
    const headers = endToEndResponseHeaders(upRes.headers, ['x-request-id', 'content-length']);
    const { labeling } = ctx.engine.ruleSet.policy;
    if (labeling.implicit.enabled) headers[labeling.implicit.header.toLowerCase()] = aigcHeaderValue(aigcMetadata(labeling, ctx.requestId));
    writeApiHead(res, status, ctx.requestId, keepUpstreamId(upRes, headers));
    res.flushHeaders();
    guardStream(opts, ctx, (ctx.dialect as Dialect).streamAdapter(), upRes, res).catch((err: unknown) => {
      opts.log.error('stream guard failed', { requestId: ctx.requestId, error: (err as Error).message });
      res.destroy();
    });
    return;
  }
  if (!ok) {
    writeApiHead(res, status, ctx.requestId, keepUpstreamId(upRes, endToEndResponseHeaders(upRes.headers, ['x-request-id'])));
    upRes.pipe(res);
    return;
  }
  inspectJsonResponse(opts, ctx, upRes).then(
    ({ headers, body }) => {
      if (res.headersSent || res.destroyed) return;
      writeApiHead(res, status, ctx.requestId, keepUpstreamId(upRes, headers));
      res.end(body);
    },
    (err: unknown) => {
      const gwErr = err instanceof GatewayError ? err : new GatewayError('internal_error', 'The response could not be inspected.');
      if (!(err instanceof GatewayError)) opts.log.error('output inspection failed', { requestId: ctx.requestId, error: (err as Error).message });
      opts.sendError(res, gwErr, ctx);
    },
  );
}
