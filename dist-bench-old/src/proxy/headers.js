"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GATEWAY_HEADERS = void 0;
exports.hopByHopNames = hopByHopNames;
exports.endToEndResponseHeaders = endToEndResponseHeaders;
exports.keyFingerprint = keyFingerprint;
const HOP_BY_HOP = new Set([
    'connection',
    'keep-alive',
    'proxy-authenticate',
    'proxy-authorization',
    'proxy-connection',
    'te',
    'trailer',
    'transfer-encoding',
    'upgrade',
]);
/** Headers that carry gateway credentials; stripped before anything goes upstream. */
exports.GATEWAY_HEADERS = ['x-gateway-admin-token', 'x-admin-token', 'x-gateway-key'];
/** Every hop-by-hop header name for this message, including those listed in its Connection header. */
function hopByHopNames(headers) {
    const names = new Set(HOP_BY_HOP);
    const connection = headers.connection;
    const listed = Array.isArray(connection) ? connection.join(',') : typeof connection === 'string' ? connection : '';
    for (const name of listed.split(','))
        if (name.trim())
            names.add(name.trim().toLowerCase());
    return names;
}
/** Response headers to copy from the upstream to the client (end-to-end only). */
function endToEndResponseHeaders(headers, drop = []) {
    const skip = hopByHopNames(headers);
    for (const d of drop)
        skip.add(d);
    const out = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined || skip.has(name))
            continue;
        out[name] = value;
    }
    return out;
}
/** A short, non-reversible fingerprint of the client's API key for audit rows (never the key). */
function keyFingerprint(headers, hash) {
    const auth = headers.authorization;
    const bearer = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth)?.[1] : undefined;
    const key = bearer ?? (typeof headers['api-key'] === 'string' ? headers['api-key'] : undefined) ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
    return key ? hash(key).slice(0, 16) : null;
}
