/**
 * The stream guard: enforces the same policy on an SSE response as on a non-streamed one while
 * keeping it a stream. Each text lane holds back only what could still complete a match
 * (TextLane), so nothing of a match split across chunks reaches the client. On block: the audit row
 * is committed, then the dialect's termination (content_filter / refusal finish and end marker) is
 * sent and the upstream request is aborted. Backpressure: the upstream is read only as fast as the
 * client takes the rewritten events.
 */
import { once } from 'node:events';
import type http from 'node:http';
import type { AuditStore } from '../audit/store';
import { GatewayError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { decide } from '../policy/decide';
import { aigcMetadata, isReadableText } from '../policy/labeling';
import type { Engine } from '../policy/engine';
import { strongerAction, type Finding, type Segment } from '../types';
import type { RequestContext } from './context';
import { recordVerdict } from './record';
import { langOf } from './refusal-lang';
import { formatSse, SseParser, type SseEvent } from './sse';
import type { StreamAdapter } from './stream-adapter';
import { ClassifierWindow } from './classifier-window';
import { TextLane } from './text-lane';

export interface StreamGuardOptions {
  store: AuditStore;
  log: Logger;
  metrics: Metrics;
}

const laneMatches = (lane: string, prefix: string): boolean => lane === prefix || lane.startsWith(`${prefix}.`);

export async function guardStream(opts: StreamGuardOptions, ctx: RequestContext, adapter: StreamAdapter, upstream: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const engine = ctx.engine;
  const lanes = new Map<string, TextLane>();
  const streamCls = engine.hasClassifiers('output') ? (engine.ruleSet.policy.classifiers?.stream ?? null) : null;
  const windows = new Map<string, ClassifierWindow>();
  const findings: (Finding & { lane: string })[] = [];
  const parser = new SseParser();
  let terminated = false;
  const { labeling } = engine.ruleSet.policy;
  const labeledLanes = new Set<string>();
  const suffixedLanes = new Set<string>();
  // The implicit label rides on the first JSON event of the stream (the header carries it too).
  let aigcPending = labeling.implicit.enabled;

  /** GB 45438 explicit label: before the first released text of a lane, or after its last. */
  const label = (lane: TextLane, release: string, final: boolean): string => {
    if (!labeling.explicit.enabled || !isReadableText(lane.path)) return release;
    const { text, position } = labeling.explicit;
    if (position === 'prefix' && release.length > 0 && !labeledLanes.has(lane.key)) {
      labeledLanes.add(lane.key);
      lane.noteLabel(text, 'prefix');
      return text + release;
    }
    if (position === 'suffix' && final && !suffixedLanes.has(lane.key)) {
      suffixedLanes.add(lane.key);
      lane.noteLabel(text, 'suffix');
      return release + text;
    }
    return release;
  };

  const withAigc = (ev: SseEvent): SseEvent => {
    if (!aigcPending || ev.comment !== undefined) return ev;
    try {
      const data: unknown = JSON.parse(ev.data);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return ev;
      aigcPending = false;
      return { ...ev, data: JSON.stringify({ ...data, AIGC: aigcMetadata(labeling, ctx.requestId) }) };
    } catch {
      return ev;
    }
  };

  const write = async (events: SseEvent[]): Promise<void> => {
    for (const raw of events) {
      const ev = withAigc(raw);
      if (res.destroyed) return;
      // A client that goes away never drains: wait for whichever comes first.
      if (!res.write(formatSse(ev))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  };

  const laneFor = (key: string, path: string): TextLane => {
    let lane = lanes.get(key);
    if (!lane) {
      lane = new TextLane(key, path);
      lanes.set(key, lane);
      if (streamCls) windows.set(key, new ClassifierWindow(streamCls, path));
    }
    return lane;
  };

  /**
   * The classifier lane for one text lane. hold: classify what is due and cap the release at the
   * checked offset; stream-first: surface a failed background window, start the next one, and
   * classify the tail before the lane ends. Returns the blocking findings, or null.
   */
  const classify = async (lane: TextLane, final: boolean): Promise<{ cap: number; block: Finding[] | null }> => {
    const win = windows.get(lane.key);
    if (!win || !streamCls) return { cap: Infinity, block: null };
    if (streamCls.mode === 'hold' || final) {
      const v = await win.check(engine, lane.fullText, final);
      if (v?.enforced === 'block') return { cap: win.checked, block: v.findings };
      return { cap: streamCls.mode === 'hold' ? win.checked : Infinity, block: null };
    }
    const failed = win.takeFailure();
    if (failed) return { cap: Infinity, block: failed.findings };
    win.start(engine, lane.fullText);
    return { cap: Infinity, block: null };
  };

  /** Commits the audit row for the whole stream; segments are the lanes' full texts. */
  const record = async (blocked: boolean): Promise<void> => {
    const all = [...lanes.values()];
    for (const [key, win] of windows) findings.push(...win.findings.map((f) => ({ ...f, lane: key })));
    windows.clear();
    const segments: Segment[] = all.map((l) => ({ path: l.path, role: 'assistant', text: l.fullText }));
    const indexed: Finding[] = findings.map(({ lane, ...f }) => ({ ...f, segment: all.findIndex((l) => l.key === lane) }));
    const verdict = decide({ policy: engine.ruleSet.policy, policyRevision: engine.ruleSet.revision, stage: 'output', segments, findings: indexed, errors: [] });
    if (blocked && verdict.enforced !== 'block') verdict.enforced = 'block';
    for (const l of all) if (l.withheld.length > 0) verdict.reasons.push(`stream: ${l.path} — client received ${l.received.length} chars, ${l.withheld.length} withheld`);
    ctx.action = strongerAction(ctx.action, verdict.enforced);
    await recordVerdict({ store: opts.store, engine, metrics: opts.metrics }, ctx, 'output', segments, verdict);
  };

  const handle = async (ev: SseEvent): Promise<void> => {
    if (ev.comment !== undefined) return write([ev]);
    const read = adapter.read(ev);
    for (const d of read.deltas) laneFor(d.lane, d.path).append(d.text);
    const inEvent = new Set(read.deltas.map((d) => d.lane));
    const released = new Map<string, string>();
    for (const lane of lanes.values()) {
      const final = read.terminal || read.finishing.some((p) => laneMatches(lane.key, p));
      if (!final && !inEvent.has(lane.key)) continue;
      const cls = await classify(lane, final);
      if (cls.block) return block(cls.block);
      const step = await lane.step(engine, final, cls.cap);
      findings.push(...step.findings.map((f) => ({ ...f, lane: lane.key })));
      if (step.block) return block(step.findings);
      const release = label(lane, step.release, final);
      if (release.length > 0 || inEvent.has(lane.key)) released.set(lane.key, release);
    }
    if (read.deltas.length > 0) opts.metrics.streamHoldbackChars.observe({ route: ctx.route }, [...lanes.values()].reduce((n, l) => n + l.withheld.length, 0));
    const out = adapter.write(ev, read, released, (key) => lanes.get(key)?.received ?? '');
    if (read.terminal) {
      const leftover = new Map([...released].filter(([key, text]) => !inEvent.has(key) && text.length > 0));
      await write(adapter.flush(leftover));
      terminated = true;
    }
    await write(out);
  };

  const block = async (blocking: Finding[]): Promise<void> => {
    terminated = true;
    upstream.destroy();
    let events: SseEvent[];
    try {
      await record(true);
      events = adapter.blocked(engine.ruleSet.policy.refusal.text[langOf(ctx)], blocking);
    } catch (err) {
      const msg = err instanceof GatewayError ? err.message : 'The stream could not be checked.';
      opts.log.error('stream block could not be recorded', { requestId: ctx.requestId });
      events = adapter.failed(msg);
    }
    await write(events);
    res.end();
  };

  try {
    for await (const chunk of upstream) {
      for (const ev of parser.push(chunk as Buffer)) {
        await handle(ev);
        if (terminated) break;
      }
      if (terminated) break;
    }
    if (!terminated) {
      for (const ev of parser.end()) if (!terminated) await handle(ev);
    }
  } catch (err) {
    if (!terminated && !res.destroyed) {
      // Upstream failed mid-stream: held text is not released (it was never fully checked).
      opts.log.warn('upstream failed mid-stream', { requestId: ctx.requestId, error: (err as NodeJS.ErrnoException).code ?? 'error' });
      await write(adapter.failed('The upstream connection failed before the stream was complete.'));
      terminated = true;
    }
  }
  if (res.destroyed) {
    upstream.destroy();
    return;
  }
  if (!terminated) await write(adapter.failed('The upstream ended the stream before it was complete.'));
  if (!res.writableEnded) {
    const nonAllow = [...findings, ...[...windows.values()].flatMap((w) => w.findings)].some((f) => engine.actionFor(f, 'output') !== 'allow');
    if (nonAllow && ctx.action !== 'block') {
      try {
        await record(false);
      } catch {
        opts.log.error('stream decision could not be recorded', { requestId: ctx.requestId });
      }
    }
    res.end();
  }
}
