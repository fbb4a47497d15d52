"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The floor for our design: express + http-proxy-middleware with a keep-alive agent and nothing
 * else — no body parsing, no inspection, no audit. What the gateway adds is measured against this.
 */
const node_http_1 = __importDefault(require("node:http"));
const express_1 = __importDefault(require("express"));
const http_proxy_middleware_1 = require("http-proxy-middleware");
const ipc_1 = require("./ipc");
const startedAt = Date.now();
const target = (0, ipc_1.arg)('upstream');
const app = (0, express_1.default)();
app.disable('x-powered-by');
app.set('etag', false);
app.use((0, http_proxy_middleware_1.createProxyMiddleware)({
    target,
    changeOrigin: true,
    agent: new node_http_1.default.Agent({ keepAlive: true, maxSockets: 256 }),
    xfwd: false,
}));
const server = node_http_1.default.createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => (0, ipc_1.announce)(`http://127.0.0.1:${server.address().port}`, startedAt));
