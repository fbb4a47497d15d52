/**
 * Header hygiene. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never
 * forwarded; neither is anything that names the gateway's own credentials. The client's own API
 * key (Authorization / api-key / x-api-key) is end-to-end and goes upstream untouched.
 */
import type http from 'node:http';

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
export const GATEWAY_HEADERS = ['x-gateway-admin-token', 'x-admin-token', 'x-gateway-key'];

/** Every hop-by-hop header name for this message, including those listed in its Connection header. */
export function hopByHopNames(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders): Set<string> {
  const names = new Set(HOP_BY_HOP);
  const connection = headers.connection;
  const listed = Array.isArray(connection) ? connection.join(',') : typeof connection === 'string' ? connection : '';
  for (const name of listed.split(',')) if (name.trim()) names.add(name.trim().toLowerCase());
  return names;
}

/** Response headers to copy from the upstream to the client (end-to-end only). */
export function endToEndResponseHeaders(headers: http.IncomingHttpHeaders, drop: string[] = []): http.OutgoingHttpHeaders {
  const skip = hopByHopNames(headers);
  for (const d of drop) skip.add(d);
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || skip.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** A short, non-reversible fingerprint of the client's API key for audit rows (never the key). */
export function keyFingerprint(headers: http.IncomingHttpHeaders, hash: (s: string) => string): string | null {
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth)?.[1] : undefined;
  const key = bearer ?? (typeof headers['api-key'] === 'string' ? headers['api-key'] : undefined) ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
  return key ? hash(key).slice(0, 16) : null;
}

export interface ForwardHeaderOptions {
  /** The upstream's host[:port] (the client's Host never chooses or names the upstream). */
  host: string;
  requestId: string;
  /** Inspected requests ask for an identity-encoded answer: the output stage must read it. */
  inspected: boolean;
  /** Length of the body that goes up (the original bytes or the redacted JSON). */
  bodyLength: number;
  /** Whether an Authorization header carries one of the gateway's own credentials (never forwarded). */
  isGatewayCredential: (authorization: string) => boolean;
}

/**
 * The headers an inspected request carries upstream: the client's end-to-end headers (its API key
 * included) without hop-by-hop headers, the gateway's credentials, or a client-chosen request id.
 */
export function forwardHeaders(incoming: http.IncomingHttpHeaders, opts: ForwardHeaderOptions): http.OutgoingHttpHeaders {
  const skip = hopByHopNames(incoming);
  for (const name of GATEWAY_HEADERS) skip.add(name);
  skip.add('x-request-id');
  skip.add('host');
  skip.add('content-length');
  // The body was decoded to be read (a gzip or deflate upload arrives inflated): it goes up as is.
  skip.add('content-encoding');
  const out: http.OutgoingHttpHeaders = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || skip.has(name)) continue;
    if (name === 'authorization' && typeof value === 'string' && opts.isGatewayCredential(value)) continue;
    out[name] = value;
  }
  out.host = opts.host;
  out.connection = 'keep-alive';
  out['content-length'] = String(opts.bodyLength);
  out['x-request-id'] = opts.requestId;
  if (opts.inspected) out['accept-encoding'] = 'identity';
  return out;
}
