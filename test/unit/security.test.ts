import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeApiHead } from '../../src/security';

/** The raw header lines (lower-case name, value) a client receives from `respond`. */
async function headLines(respond: (res: http.ServerResponse) => void): Promise<[string, string][]> {
  const server = http.createServer((_req, res) => {
    respond(res);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const raw = await new Promise<string[]>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.rawHeaders));
      }).on('error', reject);
    });
    const lines: [string, string][] = [];
    for (let i = 0; i < raw.length; i += 2) lines.push([raw[i].toLowerCase(), raw[i + 1]]);
    return lines;
  } finally {
    server.close();
  }
}

const valuesOf = (lines: [string, string][], name: string): string[] => lines.filter(([n]) => n === name).map(([, v]) => v);

describe('writeApiHead', () => {
  it("writes the API's security headers, the request id and the given headers on a fresh response", async () => {
    const lines = await headLines((res) => writeApiHead(res, 200, 'req-1', { 'content-type': 'application/json', 'x-upstream-request-id': 'up-1' }));
    expect(valuesOf(lines, 'content-security-policy')).toEqual(["default-src 'none';frame-ancestors 'none'"]);
    expect(valuesOf(lines, 'x-content-type-options')).toEqual(['nosniff']);
    expect(valuesOf(lines, 'x-frame-options')).toEqual(['SAMEORIGIN']);
    expect(valuesOf(lines, 'x-request-id')).toEqual(['req-1']);
    expect(valuesOf(lines, 'content-type')).toEqual(['application/json']);
    expect(valuesOf(lines, 'x-upstream-request-id')).toEqual(['up-1']);
  });

  it('lets a given header named like a security header or the request id replace it, once', async () => {
    const lines = await headLines((res) => writeApiHead(res, 200, 'req-1', { 'x-frame-options': 'DENY', 'Strict-Transport-Security': 'max-age=1', 'x-request-id': 'req-2' }));
    expect(valuesOf(lines, 'x-frame-options')).toEqual(['DENY']);
    expect(valuesOf(lines, 'strict-transport-security')).toEqual(['max-age=1']);
    expect(valuesOf(lines, 'x-request-id')).toEqual(['req-2']);
  });

  it('adds the security headers to a response that has other headers set but not them', async () => {
    const lines = await headLines((res) => {
      res.setHeader('x-compliance-user-status', 'warned');
      writeApiHead(res, 200, 'req-1', { 'content-type': 'application/json' });
    });
    expect(valuesOf(lines, 'x-compliance-user-status')).toEqual(['warned']);
    expect(valuesOf(lines, 'x-content-type-options')).toEqual(['nosniff']);
    expect(valuesOf(lines, 'content-security-policy')).toHaveLength(1);
    expect(valuesOf(lines, 'x-request-id')).toEqual(['req-1']);
  });

  it('keeps the security headers a middleware set (the dashboard has no API CSP) and merges the rest', async () => {
    const lines = await headLines((res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('x-request-id', 'req-1');
      writeApiHead(res, 404, 'req-1', { 'content-type': 'application/json' });
    });
    expect(valuesOf(lines, 'content-security-policy')).toEqual([]);
    expect(valuesOf(lines, 'x-content-type-options')).toEqual(['nosniff']);
    expect(valuesOf(lines, 'x-request-id')).toEqual(['req-1']);
    expect(valuesOf(lines, 'content-type')).toEqual(['application/json']);
  });
});
