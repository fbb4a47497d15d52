/** Builds the route table from the config: one proxy (own keep-alive pool, timeout) per upstream. */
import { parseByteSize, type Config } from '../config';
import { genericDialect } from '../dialects/generic';
import { createUpstreamProxy, type UpstreamProxyOptions } from '../proxy/upstream';
import { modelGlob, RouteTable, type UpstreamRoute } from './table';

export type SharedProxyOptions = Omit<UpstreamProxyOptions, 'target' | 'timeoutMs' | 'maxSockets' | 'maxResponseBytes'>;

export function buildRouteTable(config: Config, defaultUpstream: string | null, shared: SharedProxyOptions): RouteTable {
  const make = (target: string, timeoutMs: number): UpstreamRoute['forward'] => {
    const proxy = createUpstreamProxy({ ...shared, target, timeoutMs, maxSockets: config.upstream.max_sockets, maxResponseBytes: parseByteSize(config.upstream.max_response_bytes) });
    return (req, res, next) => void proxy.middleware(req, res, next);
  };
  const routes = config.routes.map(
    (r): UpstreamRoute => ({
      name: r.name,
      prefix: r.prefix ?? null,
      models: (r.models ?? []).map(modelGlob),
      target: r.upstream,
      overlay: r.policy,
      generic: r.dialect === 'generic' && r.generic ? genericDialect(r.generic) : null,
      forward: make(r.upstream, r.timeout_ms ?? config.upstream.timeout_ms),
    }),
  );
  const fallback: UpstreamRoute | null = defaultUpstream
    ? { name: 'default', prefix: null, models: [], target: defaultUpstream, generic: null, forward: make(defaultUpstream, config.upstream.timeout_ms) }
    : null;
  return new RouteTable(routes, fallback);
}
