"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.isEventStream = isEventStream;
exports.inspectJsonResponse = inspectJsonResponse;
const node_zlib_1 = __importDefault(require("node:zlib"));
const json_path_1 = require("../dialects/json-path");
const errors_1 = require("../errors");
const labeling_1 = require("../policy/labeling");
const types_1 = require("../types");
const headers_1 = require("./headers");
const record_1 = require("./record");
function readAll(stream, limit) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        stream.on('data', (chunk) => {
            size += chunk.length;
            if (size > limit) {
                // Reject before destroy(): destroying emits 'aborted' synchronously, which would settle first.
                reject(new errors_1.GatewayError('upstream_response_too_large', `The upstream response exceeded ${limit} bytes, the most the gateway inspects.`));
                stream.destroy();
                return;
            }
            chunks.push(chunk);
        });
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', (err) => reject(new errors_1.GatewayError('upstream_error', `The upstream connection failed while sending the response (${err.message}).`)));
        stream.on('aborted', () => reject(new errors_1.GatewayError('upstream_error', 'The upstream closed the connection before the response was complete.')));
    });
}
function decompress(body, encoding) {
    switch ((encoding ?? 'identity').toLowerCase()) {
        case 'gzip':
        case 'x-gzip':
            return node_zlib_1.default.gunzipSync(body);
        case 'deflate':
            return node_zlib_1.default.inflateSync(body);
        case 'br':
            return node_zlib_1.default.brotliDecompressSync(body);
        default:
            return body;
    }
}
function isEventStream(headers) {
    return (headers['content-type'] ?? '').toLowerCase().includes('text/event-stream');
}
/**
 * Returns the response to send for an inspected, non-streamed 2xx JSON reply. Throws GatewayError
 * for replies the gateway cannot inspect (too large, not JSON): fail closed, never unchecked.
 */
async function inspectJsonResponse(opts, ctx, proxyRes) {
    const raw = await readAll(proxyRes, opts.maxResponseBytes);
    const encoding = proxyRes.headers['content-encoding'];
    let parsed;
    try {
        parsed = JSON.parse(decompress(raw, encoding).toString('utf8'));
    }
    catch {
        throw new errors_1.GatewayError('upstream_error', 'The upstream returned a response that is not valid JSON, so it could not be checked.');
    }
    const headers = (0, headers_1.endToEndResponseHeaders)(proxyRes.headers, ['x-request-id']);
    if (!(0, json_path_1.isRecord)(parsed) || ctx.dialect === null)
        return { headers, body: raw };
    const dialect = ctx.dialect;
    const engine = ctx.engine;
    const segments = dialect.extractOutput(parsed);
    const endTimer = opts.metrics.inspectSeconds.startTimer({ stage: 'output' });
    const verdict = await engine.inspect(segments, 'output');
    endTimer();
    ctx.action = (0, types_1.strongerAction)(ctx.action, verdict.enforced);
    (0, record_1.recordVerdict)({ store: opts.store, engine, metrics: opts.metrics }, ctx, 'output', segments, verdict);
    const { labeling } = engine.ruleSet.policy;
    const labeled = labeling.explicit.enabled || labeling.implicit.enabled;
    if ((verdict.enforced === 'allow' || verdict.enforced === 'flag') && !labeled)
        return { headers, body: raw };
    if (verdict.enforced === 'block') {
        const blocking = verdict.findings.filter((f) => engine.actionFor(f, 'output') === 'block');
        dialect.applyOutputBlock(parsed, segments, blocking, engine.ruleSet.policy.refusal.text[ctx.lang]);
    }
    else if (verdict.enforced === 'redact') {
        const redactable = verdict.findings.filter((f) => engine.actionFor(f, 'output') === 'redact');
        const texts = engine.redactSegments(segments, redactable);
        segments.forEach((s, i) => {
            if (texts[i] !== s.text)
                (0, json_path_1.setAtPath)(parsed, s.path, texts[i]);
        });
    }
    if (verdict.enforced !== 'block' && labeling.explicit.enabled)
        (0, labeling_1.applyExplicitLabel)(parsed, segments, labeling);
    if (labeling.implicit.enabled) {
        const meta = (0, labeling_1.aigcMetadata)(labeling, ctx.requestId);
        parsed.AIGC = meta;
        headers[labeling.implicit.header.toLowerCase()] = (0, labeling_1.aigcHeaderValue)(meta);
    }
    const body = Buffer.from(JSON.stringify(parsed));
    delete headers['content-encoding'];
    headers['content-length'] = String(body.length);
    return { headers, body };
}
