/**
 * Turns a verdict into an audit row. A non-allow decision is committed before this resolves (the
 * caller sends the blocked response only after awaiting it), or under fail_open spooled durably when the
 * database fails; a failure of both surfaces as GatewayError 'audit_unavailable' so the request is
 * refused rather than passed unrecorded.
 */
import { messagesFromSegments, recordViolationPrompt } from '../audit/prompt';
import type { AuditStore } from '../audit/store';
import { GatewayError } from '../errors';
import type { Metrics } from '../metrics';
import type { Engine } from '../policy/engine';
import type { Segment, Stage, Verdict } from '../types';
import type { RequestContext } from './context';

export interface RecordDeps {
  store: AuditStore;
  engine: Engine;
  metrics?: Metrics;
}

function joinSegments(segments: Segment[], texts: string[]): string {
  return segments.map((s, i) => `${s.path}: ${texts[i]}`).join('\n');
}

export async function recordVerdict(deps: RecordDeps, ctx: RequestContext, stage: Stage, segments: Segment[], verdict: Verdict): Promise<void> {
  if (verdict.action === 'allow') return;
  const content = joinSegments(segments, segments.map((s) => s.text));
  const masked = joinSegments(segments, deps.engine.redactSegments(segments, verdict.findings));
  for (const category of new Set(verdict.findings.map((f) => f.category))) deps.metrics?.decisions.inc({ stage, action: verdict.enforced, category });
  const started = process.hrtime.bigint();
  try {
    const { id, spooled } = await deps.store.recordDecision({
      requestId: ctx.requestId,
      ts: Date.now(),
      route: ctx.route,
      model: ctx.model,
      stage,
      action: verdict.action,
      enforced: verdict.enforced,
      shadow: verdict.shadow,
      streamed: ctx.streamed,
      policyRevision: verdict.policyRevision,
      clientKeyFp: ctx.clientKeyFp,
      tenant: ctx.tenant,
      endUser: ctx.endUser,
      findings: verdict.findings,
      content,
      maskedContent: masked,
      reasons: verdict.reasons,
    });
    // Output rows keep the prompt that produced them (with roles) for retraining exports and replay.
    // A spooled row (fail open, store down) has no id yet: the prompt is not kept for it.
    if (stage === 'output' && ctx.inputSegments.length > 0 && !spooled) {
      const masked = deps.engine.redactSegments(ctx.inputSegments, ctx.inputVerdict?.findings ?? []);
      await recordViolationPrompt(deps.store, { violationId: id, messages: messagesFromSegments(ctx.inputSegments), maskedMessages: messagesFromSegments(ctx.inputSegments, masked) });
    }
    deps.metrics?.auditWriteSeconds.observe({ kind: 'violation' }, Number(process.hrtime.bigint() - started) / 1e9);
  } catch (err) {
    throw new GatewayError('audit_unavailable', `the decision could not be recorded in the audit store, so the request was not served (${(err as Error).message})`);
  }
}
