import { endToEndResponseHeaders, forwardHeaders, type ForwardHeaderOptions } from '../../../src/proxy/headers';

const OPTIONS: ForwardHeaderOptions = { host: 'upstream.test:8443', requestId: 'gw-id', inspected: true, bodyLength: 42, isGatewayCredential: (auth) => auth === 'Bearer gateway-admin' };

/** A flat name, value list as name → every value it carries, in order. */
function byName(flat: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < flat.length; i += 2) (out[flat[i]] ??= []).push(flat[i + 1]);
  return out;
}

describe('forwardHeaders', () => {
  const client = {
    authorization: 'Bearer sk-client',
    'content-type': 'application/json',
    'x-trace': 'end-to-end',
    connection: 'keep-alive, X-Hop',
    'x-hop': 'this connection only',
    'keep-alive': 'timeout=5',
    te: 'trailers',
    'proxy-authorization': 'Basic abc',
    'x-admin-token': 'a',
    'x-gateway-admin-token': 'b',
    'x-gateway-key': 'c',
    'x-request-id': 'client-id',
    host: 'gateway.test',
    'content-length': '99',
    'content-encoding': 'gzip',
    'accept-encoding': 'gzip, br',
  };

  it("sends the client's end-to-end headers and the gateway's own, each once", () => {
    expect(byName(forwardHeaders(client, OPTIONS))).toEqual({
      authorization: ['Bearer sk-client'],
      'content-type': ['application/json'],
      'x-trace': ['end-to-end'],
      host: ['upstream.test:8443'],
      connection: ['keep-alive'],
      'content-length': ['42'],
      'x-request-id': ['gw-id'],
      'accept-encoding': ['identity'],
    });
  });

  it("keeps the client's accept-encoding when the request is not inspected", () => {
    expect(byName(forwardHeaders(client, { ...OPTIONS, inspected: false }))['accept-encoding']).toEqual(['gzip, br']);
  });

  it('drops an Authorization header that carries a gateway credential', () => {
    expect(byName(forwardHeaders({ authorization: 'Bearer gateway-admin' }, OPTIONS)).authorization).toBeUndefined();
  });

  it('sends each value of a repeated header on its own line', () => {
    expect(byName(forwardHeaders({ 'set-cookie': ['a=1', 'b=2'] }, OPTIONS))['set-cookie']).toEqual(['a=1', 'b=2']);
  });
});

describe('endToEndResponseHeaders', () => {
  it('drops hop-by-hop headers, those the Connection header lists and the ones asked', () => {
    const upstream = { 'content-type': 'application/json', 'content-length': '10', connection: 'keep-alive, X-Upstream-Hop', 'x-upstream-hop': '1', 'keep-alive': 'timeout=5', 'transfer-encoding': 'chunked', 'x-request-id': 'up', 'set-cookie': ['a=1', 'b=2'] };
    expect(endToEndResponseHeaders(upstream, ['x-request-id'])).toEqual({ 'content-type': 'application/json', 'content-length': '10', 'set-cookie': ['a=1', 'b=2'] });
  });
});
