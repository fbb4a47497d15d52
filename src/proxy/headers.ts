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
  return new Set([...HOP_BY_HOP, ...connectionListed(headers)]);
}

/** The names a message's Connection header lists (hop-by-hop for this connection too), lower case. */
function connectionListed(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders): string[] {
  const connection = headers.connection;
  const listed = Array.isArray(connection) ? connection.join(',') : typeof connection === 'string' ? connection : '';
  const names: string[] = [];
  for (const name of listed.split(',')) if (name.trim()) names.push(name.trim().toLowerCase());
  return names;
}

/**
 * Whether a header is skipped: one of `always` or listed in the message's Connection header (a list
 * of a name or two, searched as it is: no set is built per message).
 */
function skipper(headers: http.IncomingHttpHeaders, always: ReadonlySet<string>): (name: string) => boolean {
  const listed = connectionListed(headers);
  return listed.length === 0 ? (name) => always.has(name) : (name) => always.has(name) || listed.includes(name);
}

/** Response headers to copy from the upstream to the client (end-to-end only). */
export function endToEndResponseHeaders(headers: http.IncomingHttpHeaders, drop: string[] = []): http.OutgoingHttpHeaders {
  const skip = skipper(headers, HOP_BY_HOP);
  const out: http.OutgoingHttpHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || skip(name) || drop.includes(name)) continue;
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

/** What never goes up from the client's headers (the gateway sets its own host, length and id). */
const FORWARD_SKIP = new Set([
  ...HOP_BY_HOP,
  ...GATEWAY_HEADERS,
  'x-request-id',
  'host',
  'content-length',
  // The body was decoded to be read (a gzip or deflate upload arrives inflated): it goes up as is.
  'content-encoding',
]);

/**
 * The headers an inspected request carries upstream: the client's end-to-end headers (its API key
 * included) without hop-by-hop headers, the gateway's credentials, or a client-chosen request id.
 * A flat name, value list: http.request writes it as it is, where an object costs a setHeader
 * (checked and stored again) per header.
 */
export function forwardHeaders(incoming: http.IncomingHttpHeaders, opts: ForwardHeaderOptions): string[] {
  const skip = skipper(incoming, FORWARD_SKIP);
  const out: string[] = [];
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || skip(name)) continue;
    if (name === 'authorization' && typeof value === 'string' && opts.isGatewayCredential(value)) continue;
    if (name === 'accept-encoding' && opts.inspected) continue;
    if (typeof value === 'string') out.push(name, value);
    else for (const line of value) out.push(name, line);
  }
  out.push('host', opts.host, 'connection', 'keep-alive', 'content-length', String(opts.bodyLength), 'x-request-id', opts.requestId);
  if (opts.inspected) out.push('accept-encoding', 'identity');
  return out;
}
