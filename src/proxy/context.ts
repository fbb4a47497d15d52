/** Per-request state shared by the inspection middleware and the proxy event handlers. */
import type http from 'node:http';
import type { Dialect } from '../dialects/dialect';
import type { Engine } from '../policy/engine';
import type { PolicyOverlay } from '../policy/overlay';
import type { UpstreamRoute } from '../routing/table';
import type { Action, Segment, Verdict } from '../types';

export interface RequestContext {
  requestId: string;
  startedAt: number;
  method: string;
  /** Path without the query string, as routed. */
  route: string;
  /** The wire format of an inspected route; null for pass-through routes. */
  dialect: Dialect | null;
  model: string | null;
  clientKeyFp: string | null;
  endUser: string | null;
  streamed: boolean;
  /** Refusal language, chosen from the prompt's script when a refusal is sent (refusal-lang.ts); null before. */
  lang: string | null;
  /** The exact bytes to send upstream (the original body, or the redacted one). */
  forwardBody: Buffer | null;
  inputSegments: Segment[];
  inputVerdict: Verdict | null;
  /** Strongest action applied to this exchange so far (request metadata). */
  action: Action;
  upstreamStatus: number | null;
  upstreamTimedOut: boolean;
  /** When the request was handed to the upstream (epoch ms; 0 before). */
  forwardedAt: number;
  /** The upstream serving this request (null: no route serves the path). */
  upstream: UpstreamRoute | null;
  /** Path and query as sent upstream (a route's prefix stripped). */
  upstreamPath: string;
  tenant: string | null;
  /** The tenant's policy overlay, kept to re-derive the engine if the model picks another route. */
  tenantOverlay?: PolicyOverlay;
  /** The rules revision and policy variant (tenant, route) this request is judged by, both stages. */
  engine: Engine;
}

/**
 * A request's context sits on the request object itself, under a symbol of this module. Not in a
 * WeakMap keyed by the request: the long-lived map's tables sit in the old generation and what they
 * pointed at outlived the scavenges, so every finished request's context, prompt and verdict
 * included, was promoted to wait for the next full collection (`probe.js --node-flags
 * --trace-gc-nvp`, 2 KB at 32 connections, per request: 7.0 → 2.8 KB surviving a scavenge, 6.5 →
 * 2.6 KB promoted; helper threads' scavenging 8.4 → 4.0 ms per scavenge).
 */
const CONTEXT = Symbol('compliance-gateway.context');

type WithContext = http.IncomingMessage & { [CONTEXT]?: RequestContext };

export function setContext(req: http.IncomingMessage, ctx: RequestContext): void {
  (req as WithContext)[CONTEXT] = ctx;
}

export function getContext(req: http.IncomingMessage): RequestContext | undefined {
  return (req as WithContext)[CONTEXT];
}
