/**
 * The direct path for inspected requests (a POST whose route has a dialect): context, tenant and
 * rate limit, bounded body read, input stage, then the direct forwarder and the output stage; every
 * answer's head carries the API's security headers (writeApiHead). It runs outside express: these
 * requests are the hot path, and express's middleware chain and http-proxy's pipeline cost more per
 * request than the checks themselves. Every other request (health, admin, dashboard, pass-through,
 * errors) goes through the express app.
 */
import type http from 'node:http';
import express, { type Request, type Response } from 'express';
import { parseByteSize, type Config } from './config';
import type { GatewayError } from './errors';
import type { Metrics } from './metrics';
import type { AuditStore } from './audit/store';
import { createInspectRequest } from './proxy/inspect-request';
import type { RouteTable, UpstreamRoute } from './routing/table';
import type { Contexts, Located } from './request-context';
import { writeApiHead } from './security';
import type { RequestContext } from './proxy/context';

export interface InspectedDeps {
  config: Config;
  store: AuditStore;
  metrics: Metrics;
  routes: RouteTable;
  contexts: Contexts;
  /** Maps anything thrown to the GatewayError to answer with (logging what needs it). */
  toGatewayError: (err: unknown, ctx: RequestContext | undefined) => GatewayError;
  sendError: (res: http.ServerResponse, err: GatewayError, ctx: RequestContext | undefined) => void;
}

export function createInspectedHandler(deps: InspectedDeps) {
  const { contexts } = deps;
  const readBody = express.raw({ type: () => true, limit: parseByteSize(deps.config.body_limit) });
  const inspectRequest = createInspectRequest({
    routeForModel: (model) => deps.routes.byModel(model),
    engineFor: contexts.engineFor,
    store: deps.store,
    metrics: deps.metrics,
    compliance: deps.config.compliance,
  });

  return function handleInspected(req: http.IncomingMessage, res: http.ServerResponse, where: Located): void {
    const ctx = contexts.open(req, res, where);
    const fail = (err: unknown): void => deps.sendError(res, deps.toGatewayError(err, ctx), ctx);
    const inspectAndSend = (err?: unknown): void => {
      if (err) return fail(err);
      inspectRequest(ctx, (req as Request).body, req.headers, res).then((outcome) => {
        if (outcome.kind === 'refuse') {
          const body = JSON.stringify(outcome.body);
          writeApiHead(res, outcome.status, ctx.requestId, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
          res.end(body);
          return;
        }
        (ctx.upstream as UpstreamRoute).send(ctx, req, res);
      }, fail);
    };
    contexts.admit(ctx, req.headers).then(() => readBody(req as Request, res as Response, inspectAndSend), fail);
  };
}
