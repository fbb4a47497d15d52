"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.startDemoUpstream = startDemoUpstream;
/**
 * An OpenAI-compatible model server on loopback, speaking the real OpenAI wire formats.
 *
 * Two users: the gateway starts it as the built-in demo upstream when none is configured (an echo
 * model, `demo-echo`, every reply prefixed "[demo echo] " so nobody mistakes it for a real model),
 * and integration tests start it as the fake upstream, scripting replies with `reply` and raw
 * responses or network failures with `intercept`. Plain node `http`, no framework.
 */
const http = __importStar(require("node:http"));
const echo_1 = require("./echo");
const handlers_1 = require("./handlers");
const wire = __importStar(require("./wire"));
function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}
function hasHeader(headers, name) {
    return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
/** Sends a scripted raw response; a length is added only if the script did not frame the body itself. */
function sendRaw(res, raw) {
    const headers = { ...(raw.headers ?? {}) };
    if (!hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
        headers['content-length'] = String(Buffer.byteLength(raw.body));
    }
    res.writeHead(raw.status, headers);
    res.end(raw.body);
}
function notFound(res, method, path) {
    (0, handlers_1.sendJson)(res, 404, wire.errorBody(`Invalid URL (${method} ${path})`, 'not_found'));
}
function positive(value, fallback) {
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
function startDemoUpstream(opts = {}) {
    const requests = [];
    const reply = opts.reply ?? echo_1.echoReply;
    const timing = {
        chunkChars: Math.floor(positive(opts.chunkChars, 4)) || 1,
        chunkDelayMs: opts.chunkDelayMs !== undefined && opts.chunkDelayMs > 0 ? opts.chunkDelayMs : 0,
    };
    const startedAt = wire.nowSeconds();
    async function handle(req, res) {
        const raw = await readBody(req);
        const method = req.method ?? 'GET';
        const path = new URL(req.url ?? '/', 'http://upstream').pathname;
        const entry = { method, path, headers: req.headers, body: raw };
        // Logged before anything is sent, so a test that sees the response can also see the request.
        requests.push(entry);
        const scripted = opts.intercept?.(entry);
        if (scripted === 'hang')
            return; // close() destroys the socket.
        if (scripted === 'reset')
            return void req.socket.destroy();
        if (scripted)
            return sendRaw(res, scripted);
        if (method === 'GET' && (0, handlers_1.handleModels)(res, path, startedAt))
            return;
        const route = method === 'POST' ? handlers_1.postRoutes[path] : undefined;
        if (!route)
            return notFound(res, method, path);
        let body;
        try {
            body = JSON.parse(raw);
        }
        catch {
            body = undefined;
        }
        if (!(0, echo_1.isRecord)(body)) {
            // OpenAI's wording for a body that is not a JSON object.
            const message = 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';
            return (0, handlers_1.sendJson)(res, 400, wire.errorBody(message, null));
        }
        const parsed = body;
        await route({ body: parsed, path, res, timing, replyText: () => reply(parsed, path) });
    }
    const server = http.createServer({ keepAlive: true }, (req, res) => {
        handle(req, res).catch((err) => {
            // A throwing `reply` or `intercept` is a test bug; answer like an upstream 500 so it shows.
            if (res.headersSent)
                return void res.destroy();
            const message = err instanceof Error ? err.message : String(err);
            (0, handlers_1.sendJson)(res, 500, wire.serverErrorBody(`demo upstream failed: ${message}`));
        });
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
            server.off('error', reject);
            const { port, address } = server.address();
            const host = address.includes(':') ? `[${address}]` : address;
            resolve({
                url: `http://${host}:${port}`,
                port,
                requests,
                close: () => new Promise((done, fail) => {
                    if (!server.listening)
                        return done(); // a second close() is harmless
                    server.close((err) => (err ? fail(err) : done()));
                    // Idle keep-alive sockets and hung requests would otherwise hold the server (and jest) open.
                    server.closeAllConnections();
                }),
            });
        });
    });
}
