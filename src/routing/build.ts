/**
 * Builds the route table from the config: per upstream one keep-alive pool and timeout, shared by
 * the direct forwarder (inspected requests) and the pass-through proxy.
 */
import http from 'node:http';
import https from 'node:https';
import { parseByteSize, type Config } from '../config';
import { genericDialect } from '../dialects/generic';
import { createDirectForwarder } from '../proxy/direct';
import { createUpstreamProxy } from '../proxy/upstream';
import type { UpstreamResponseOptions } from '../proxy/upstream-response';
import { modelGlob, RouteTable, type UpstreamRoute } from './table';

export interface SharedProxyOptions extends Omit<UpstreamResponseOptions, 'maxResponseBytes'> {
  adminToken?: string;
  isGatewayCredential: (authorization: string) => boolean;
}

export function buildRouteTable(config: Config, defaultUpstream: string | null, shared: SharedProxyOptions): RouteTable {
  const make = (target: string, timeoutMs: number): Pick<UpstreamRoute, 'forward' | 'send'> => {
    const agentOptions = { keepAlive: true, maxSockets: config.upstream.max_sockets };
    const agent = target.startsWith('https:') ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    const opts = { ...shared, target, timeoutMs, agent, maxResponseBytes: parseByteSize(config.upstream.max_response_bytes) };
    const proxy = createUpstreamProxy(opts);
    return { forward: (req, res, next) => void proxy(req, res, next), send: createDirectForwarder(opts) };
  };
  const routes = config.routes.map(
    (r): UpstreamRoute => ({
      name: r.name,
      prefix: r.prefix ?? null,
      models: (r.models ?? []).map(modelGlob),
      target: r.upstream,
      overlay: r.policy,
      generic: r.dialect === 'generic' && r.generic ? genericDialect(r.generic) : null,
      ...make(r.upstream, r.timeout_ms ?? config.upstream.timeout_ms),
    }),
  );
  const fallback: UpstreamRoute | null = defaultUpstream
    ? { name: 'default', prefix: null, models: [], target: defaultUpstream, generic: null, ...make(defaultUpstream, config.upstream.timeout_ms) }
    : null;
  return new RouteTable(routes, fallback);
}
