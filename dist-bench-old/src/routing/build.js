"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildRouteTable = buildRouteTable;
/** Builds the route table from the config: one proxy (own keep-alive pool, timeout) per upstream. */
const config_1 = require("../config");
const generic_1 = require("../dialects/generic");
const upstream_1 = require("../proxy/upstream");
const table_1 = require("./table");
function buildRouteTable(config, defaultUpstream, shared) {
    const make = (target, timeoutMs) => {
        const proxy = (0, upstream_1.createUpstreamProxy)({ ...shared, target, timeoutMs, maxSockets: config.upstream.max_sockets, maxResponseBytes: (0, config_1.parseByteSize)(config.upstream.max_response_bytes) });
        return (req, res, next) => void proxy.middleware(req, res, next);
    };
    const routes = config.routes.map((r) => ({
        name: r.name,
        prefix: r.prefix ?? null,
        models: (r.models ?? []).map(table_1.modelGlob),
        target: r.upstream,
        overlay: r.policy,
        generic: r.dialect === 'generic' && r.generic ? (0, generic_1.genericDialect)(r.generic) : null,
        forward: make(r.upstream, r.timeout_ms ?? config.upstream.timeout_ms),
    }));
    const fallback = defaultUpstream
        ? { name: 'default', prefix: null, models: [], target: defaultUpstream, generic: null, forward: make(defaultUpstream, config.upstream.timeout_ms) }
        : null;
    return new table_1.RouteTable(routes, fallback);
}
