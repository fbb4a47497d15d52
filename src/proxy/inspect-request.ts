/**
 * Input stage for an OpenAI-compatible endpoint: decode the body strictly (UTF-8, JSON object),
 * extract every text the model will read, inspect it, and then block (audit row committed first,
 * then the Azure-style 400), redact (the masked body goes upstream), or forward the original bytes.
 */
import type http from 'node:http';
import { hasDuplicateKey } from '../dialects/duplicate-keys';
import { isRecord, setAtPath } from '../dialects/json-path';
import { GatewayError } from '../errors';
import type { Engine } from '../policy/engine';
import type { AuditStore } from '../audit/store';
import type { ComplianceConfig } from '../compliance/config';
import { checkEndUser, endUserOf, userSuspendedMessage } from '../compliance/end-users';
import type { Metrics } from '../metrics';
import type { PolicyOverlay } from '../policy/overlay';
import type { UpstreamRoute } from '../routing/table';
import type { Segment } from '../types';
import type { RequestContext } from './context';
import { recordVerdict } from './record';
import { langOf } from './refusal-lang';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(raw: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object; it was empty.');
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new GatewayError('invalid_utf8', 'The request body is not valid UTF-8.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The parser's message quotes the body; the error names no content, only the problem.
    throw new GatewayError('invalid_json', 'We could not parse the JSON body of your request. (HINT: the body must be valid JSON; see https://www.json.org)');
  }
  if (!isRecord(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  if (hasDuplicateKey(text)) throw new GatewayError('invalid_json', 'The JSON body repeats a key within one object; send each key once.');
  return body;
}

/**
 * Whose earlier turns a request may reuse (resent-cache.ts): its tenant, API key and end user
 * together, so whether some text was sent before never shows, through timing, to anyone else — not
 * even another end user of the same key (a reseller's app). With neither a tenant nor a key, the
 * request is inspected in full.
 */
export function resentScope(ctx: Pick<RequestContext, 'tenant' | 'clientKeyFp' | 'endUser'>): string | undefined {
  if (ctx.tenant === null && ctx.clientKeyFp === null) return undefined;
  // JSON keeps the parts apart whatever characters a client-chosen end-user id holds.
  return JSON.stringify([ctx.tenant, ctx.clientKeyFp, ctx.endUser]);
}

export interface InspectRequestOptions {
  routeForModel: (model: string | null) => UpstreamRoute | null;
  engineFor: (tenantOverlay: PolicyOverlay | undefined, route: UpstreamRoute) => Engine;
  store: AuditStore;
  metrics: Metrics;
  compliance: ComplianceConfig;
}

/** What the input stage decided: refuse with this response, or forward `ctx.forwardBody`. */
export type InputOutcome = { kind: 'refuse'; status: number; body: unknown } | { kind: 'forward' };

export function createInspectRequest(opts: InspectRequestOptions) {
  return async function inspectRequest(ctx: RequestContext, raw: Buffer, headers: http.IncomingHttpHeaders, res: http.ServerResponse): Promise<InputOutcome> {
    if (!ctx.dialect) throw new GatewayError('internal_error', 'request context missing');
    const dialect = ctx.dialect;
    const body = parseJsonBody(raw);
    ctx.model = typeof body.model === 'string' ? body.model.slice(0, 200) : null;
    // A request on the default paths may belong to a model route (`model: qwen-*` → upstream B).
    const byModel = ctx.upstream?.prefix === null ? opts.routeForModel(ctx.model) : null;
    if (byModel) {
      ctx.upstream = byModel;
      ctx.engine = opts.engineFor(ctx.tenantOverlay, byModel);
    }
    const engine = ctx.engine;
    const { policy } = engine.ruleSet;
    ctx.streamed = body.stream === true;
    ctx.endUser = endUserOf(body, headers, opts.compliance);

    const segments = dialect.extractInput(body);
    ctx.inputSegments = segments;
    // Interim Measures Art. 14(2): a suspended end user is refused before anything is inspected.
    const user = await checkEndUser(opts.store, opts.compliance, ctx.endUser);
    if (!user.allowed) throw new GatewayError('user_suspended', userSuspendedMessage(langOf(ctx)), 'user');
    if (user.status) res.setHeader('x-compliance-user-status', user.status);
    const endTimer = opts.metrics.inspectSeconds.startTimer({ stage: 'input' });
    const verdict = await engine.inspect(segments, 'input', { scope: resentScope(ctx) });
    endTimer();
    ctx.inputVerdict = verdict;
    ctx.action = verdict.enforced;
    await recordVerdict({ store: opts.store, engine, metrics: opts.metrics }, ctx, 'input', segments, verdict);

    if (verdict.enforced === 'block') {
      const refusal = dialect.promptBlocked(policy.refusal.text[langOf(ctx)], verdict.findings);
      return { kind: 'refuse', status: refusal.status, body: refusal.body };
    }
    if (verdict.enforced === 'redact') {
      const redactable = verdict.findings.filter((f) => engine.actionFor(f, 'input') === 'redact');
      const texts = engine.redactSegments(segments, redactable);
      segments.forEach((s, i) => {
        if (texts[i] !== s.text) setAtPath(body, s.path, texts[i]);
      });
      ctx.forwardBody = Buffer.from(JSON.stringify(body));
    } else {
      ctx.forwardBody = raw;
    }
    return { kind: 'forward' };
  };
}
