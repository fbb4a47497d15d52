/**
 * Output stage for non-streamed JSON responses: buffer (bounded), decode, extract the texts the
 * client will receive, inspect them, and send the upstream's bytes unchanged when allowed or
 * flagged, the masked JSON when redacted, or the content-filter rewrite when blocked (audit row
 * committed before the response is written). Streams and pass-through routes are piped untouched
 * here; the stream guard is its own component.
 */
import type http from 'node:http';
import zlib from 'node:zlib';
import { isRecord, setAtPath } from '../dialects/json-path';
import { GatewayError } from '../errors';
import type { Engine } from '../policy/engine';
import type { AuditStore } from '../audit/store';
import type { Metrics } from '../metrics';
import { aigcHeaderValue, aigcMetadata, applyExplicitLabel } from '../policy/labeling';
import { strongerAction } from '../types';
import type { RequestContext } from './context';
import { endToEndResponseHeaders } from './headers';
import { recordVerdict } from './record';
import { langOf } from './refusal-lang';

export interface InspectResponseOptions {
  store: AuditStore;
  metrics: Metrics;
  maxResponseBytes: number;
}

function readAll(stream: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Reject before destroy(): destroying emits 'aborted' synchronously, which would settle first.
        reject(new GatewayError('upstream_response_too_large', `The upstream response exceeded ${limit} bytes, the most the gateway inspects.`));
        stream.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', (err) => reject(new GatewayError('upstream_error', `The upstream connection failed while sending the response (${err.message}).`)));
    stream.on('aborted', () => reject(new GatewayError('upstream_error', 'The upstream closed the connection before the response was complete.')));
  });
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? 'identity').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

export function isEventStream(headers: http.IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').toLowerCase().includes('text/event-stream');
}

/**
 * Returns the response to send for an inspected, non-streamed 2xx JSON reply. Throws GatewayError
 * for replies the gateway cannot inspect (too large, not JSON): fail closed, never unchecked.
 */
export async function inspectJsonResponse(opts: InspectResponseOptions, ctx: RequestContext, proxyRes: http.IncomingMessage): Promise<{ headers: http.OutgoingHttpHeaders; body: Buffer }> {
  const raw = await readAll(proxyRes, opts.maxResponseBytes);
  const encoding = proxyRes.headers['content-encoding'];
  let parsed: unknown;
  try {
    parsed = JSON.parse(decompress(raw, encoding).toString('utf8'));
  } catch {
    throw new GatewayError('upstream_error', 'The upstream returned a response that is not valid JSON, so it could not be checked.');
  }
  const headers = endToEndResponseHeaders(proxyRes.headers, ['x-request-id']);
  if (!isRecord(parsed) || ctx.dialect === null) return { headers, body: raw };
  const dialect = ctx.dialect;

  const engine = ctx.engine;
  const segments = dialect.extractOutput(parsed);
  const endTimer = opts.metrics.inspectSeconds.startTimer({ stage: 'output' });
  const verdict = await engine.inspect(segments, 'output');
  endTimer();
  ctx.action = strongerAction(ctx.action, verdict.enforced);
  await recordVerdict({ store: opts.store, engine, metrics: opts.metrics }, ctx, 'output', segments, verdict);

  const { labeling } = engine.ruleSet.policy;
  const labeled = labeling.explicit.enabled || labeling.implicit.enabled;
  if ((verdict.enforced === 'allow' || verdict.enforced === 'flag') && !labeled) return { headers, body: raw };
  if (verdict.enforced === 'block') {
    const blocking = verdict.findings.filter((f) => engine.actionFor(f, 'output') === 'block');
    dialect.applyOutputBlock(parsed, segments, blocking, engine.ruleSet.policy.refusal.text[langOf(ctx)]);
  } else if (verdict.enforced === 'redact') {
    const redactable = verdict.findings.filter((f) => engine.actionFor(f, 'output') === 'redact');
    const texts = engine.redactSegments(segments, redactable);
    segments.forEach((s, i) => {
      if (texts[i] !== s.text) setAtPath(parsed, s.path, texts[i]);
    });
  }
  if (verdict.enforced !== 'block' && labeling.explicit.enabled) applyExplicitLabel(parsed, segments, labeling);
  if (labeling.implicit.enabled) {
    const meta = aigcMetadata(labeling, ctx.requestId);
    parsed.AIGC = meta;
    headers[labeling.implicit.header.toLowerCase()] = aigcHeaderValue(meta);
  }
  const body = Buffer.from(JSON.stringify(parsed));
  delete headers['content-encoding'];
  headers['content-length'] = String(body.length);
  return { headers, body };
}
