"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The fake OpenAI upstream for benchmarks, in its own process. Two kinds:
 *
 * - `lean` (the default): a raw node:http server that reads the body, looks for `"stream":true`
 *   with a substring test instead of parsing JSON, and answers a fixed, pre-serialised
 *   chat.completion (or a fixed SSE stream). Its cost per request is as small and as independent of
 *   the prompt size as we can make it: on 2 cores the upstream competes with the gateway for CPU,
 *   and a fixed answer keeps output inspection constant so prompt-size effects are input effects.
 * - `demo`: src/demo/upstream.ts (parses JSON, echoes the prompt back); measured once for contrast.
 */
const node_http_1 = __importDefault(require("node:http"));
const upstream_1 = require("../../src/demo/upstream");
const ipc_1 = require("./ipc");
const ANSWER = 'Here is a short summary of the notes. The gardening club met on Tuesday, agreed a new watering rota, ' +
    'chose three tomato varieties for the spring and asked members to bring compost samples next time. ' +
    '园艺俱乐部周二开会，确定了新的浇水安排，并选定了三个番茄品种。';
function completion() {
    return JSON.stringify({
        id: 'chatcmpl-bench', object: 'chat.completion', created: 1_700_000_000, model: 'bench-model',
        choices: [{ index: 0, message: { role: 'assistant', content: ANSWER, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 60, total_tokens: 160 },
    });
}
/** SSE frames as OpenAI sends them: role delta, content deltas, finish, [DONE]. */
function streamFrames(chunks) {
    const frame = (delta, finish) => `data: ${JSON.stringify({
        id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench-model',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    })}\n\n`;
    const points = Array.from(ANSWER);
    const size = Math.ceil(points.length / chunks);
    const frames = [frame({ role: 'assistant', content: '' }, null)];
    for (let i = 0; i < points.length; i += size)
        frames.push(frame({ content: points.slice(i, i + size).join('') }, null));
    frames.push(frame({}, 'stop'), 'data: [DONE]\n\n');
    return frames;
}
function startLean(chunks, delayMs) {
    const body = Buffer.from(completion());
    const frames = streamFrames(chunks).map((f) => Buffer.from(f));
    const server = node_http_1.default.createServer({ keepAlive: true }, (req, res) => {
        const parts = [];
        req.on('data', (c) => parts.push(c));
        req.on('end', () => {
            const raw = Buffer.concat(parts).toString('latin1');
            if (!/"stream"\s*:\s*true/.test(raw)) {
                res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
                return void res.end(body);
            }
            res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
            let i = 0;
            const next = () => {
                if (res.destroyed)
                    return;
                res.write(frames[i++]);
                if (i === frames.length)
                    return void res.end();
                setTimeout(next, delayMs);
            };
            next();
        });
    });
    server.keepAliveTimeout = 65_000;
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}
async function main() {
    const startedAt = Date.now();
    const kind = (0, ipc_1.arg)('kind', 'lean');
    const url = kind === 'demo'
        ? (await (0, upstream_1.startDemoUpstream)({ host: '127.0.0.1', port: 0 })).url
        : await startLean(Number((0, ipc_1.arg)('chunks', '16')), Number((0, ipc_1.arg)('chunk-delay-ms', '5')));
    (0, ipc_1.announce)(url, startedAt);
}
void main();
