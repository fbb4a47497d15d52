/**
 * A reference, not a contender: the least a buffering Node proxy does per request — read the body,
 * parse it as JSON, send it up on a keep-alive agent, read the answer whole, parse it, send it back —
 * with node:http alone. What the gateway spends beyond this is its own work (inspection, audit,
 * headers, routing); the probe's `--raw` flag measures it next to the bare proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce, arg } from './ipc';

const startedAt = Date.now();
const target = new URL(arg('upstream'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function readAll(stream: http.IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(Buffer.concat(chunks)));
}

const server = http.createServer((req, res) => {
  readAll(req, (body) => {
    JSON.parse(body.toString('utf8'));
    const headers = { 'content-type': 'application/json', 'content-length': body.length, authorization: req.headers.authorization ?? '' };
    const up = http.request({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, agent, headers }, (upRes) => {
      readAll(upRes, (answer) => {
        JSON.parse(answer.toString('utf8'));
        res.writeHead(upRes.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
      });
    });
    up.on('error', () => res.destroy());
    up.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, startedAt));
