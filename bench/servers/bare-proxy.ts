/**
 * The floor for our design: express + http-proxy-middleware with a keep-alive agent and nothing
 * else — no body parsing, no inspection, no audit. What the gateway adds is measured against this.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { announce, arg } from './ipc';

const startedAt = Date.now();
const target = arg('upstream');
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(createProxyMiddleware({
  target,
  changeOrigin: true,
  agent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
  xfwd: false,
}));
const server = http.createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, startedAt));
