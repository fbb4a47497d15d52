/**
 * One stream of model text (a choice's content, a tool call's arguments, an Anthropic content
 * block) under the deterministic lane of the stream guard. Text is held back until the engine says
 * no match can begin before a point (`safeReleasePoint`), so a keyword, ID number or e-mail split
 * across chunks is seen whole before any part of it is sent; redact spans are masked on release.
 */
import type { Engine } from '../policy/engine';
import type { Finding, Segment } from '../types';

/** Released text kept as left context for later scans (a match never spans more than this). */
const CONTEXT = 512;

export interface LaneStep {
  /** Text the client may receive now (masked where a redact rule matched). */
  release: string;
  /** Findings new in this step (spans relative to the lane's full text). */
  findings: Finding[];
  block: boolean;
}

export class TextLane {
  /** Original text already released (the client got its masked form). */
  private released = '';
  /** Masked form of what the client received. */
  private sent = '';
  private pending = '';
  private readonly seen = new Set<string>();

  constructor(
    readonly key: string,
    readonly path: string,
  ) {}

  get received(): string {
    return this.sent;
  }

  get withheld(): string {
    return this.pending;
  }

  get fullText(): string {
    return this.released + this.pending;
  }

  /** Records a label the client received with this lane's text (before or after it). */
  noteLabel(text: string, position: 'prefix' | 'suffix'): void {
    this.sent = position === 'prefix' ? text + this.sent : this.sent + text;
  }

  append(text: string): void {
    this.pending += text;
  }

  /**
   * Inspects context + pending and releases what is safe. With `final`, everything left is
   * released (the stream ended, nothing more can complete a match). `cap` (an offset in the lane's
   * full text) stops the release at what the classifier lane has checked, in hold mode.
   */
  async step(engine: Engine, final: boolean, cap = Infinity): Promise<LaneStep> {
    if (this.pending.length === 0) return { release: '', findings: [], block: false };
    const context = this.released.slice(-CONTEXT);
    const window = context + this.pending;
    const base = this.released.length - context.length;
    const segment: Segment = { path: this.path, role: 'assistant', text: window };
    const verdict = await engine.inspect([segment], 'output', { lane: 'deterministic' });
    const fresh = verdict.findings.filter((f) => !f.span || f.span[1] > context.length).filter((f) => {
      const id = `${f.ruleId}@${f.span ? f.span[0] + base : 'x'}`;
      if (this.seen.has(id)) return false;
      this.seen.add(id);
      return true;
    });
    // Anything blocking in the context would have stopped the stream already, so a block here is new.
    const block = verdict.enforced === 'block';
    const shifted = fresh.map((f) => (f.span ? { ...f, span: [f.span[0] + base, f.span[1] + base] as [number, number] } : f));
    if (block) return { release: '', findings: shifted, block: true };

    let point = final ? window.length : Math.max(context.length, engine.safeReleasePoint(window));
    point = Math.min(point, cap - base);
    const redactable = verdict.enforced === 'redact' ? verdict.findings.filter((f) => f.span && engine.actionFor(f, 'output') === 'redact') : [];
    // A redact match that crosses the release point is complete; hold from its start so it is
    // masked as a whole when released.
    for (const f of redactable) {
      const [s, e] = f.span as [number, number];
      if (s < point && e > point) point = Math.max(context.length, s);
    }
    if (point <= context.length) return { release: '', findings: shifted, block: false };
    const slice = window.slice(context.length, point);
    const spans = redactable
      .filter((f) => (f.span as [number, number])[0] >= context.length && (f.span as [number, number])[1] <= point)
      .map((f) => ({ ...f, span: [(f.span as [number, number])[0] - context.length, (f.span as [number, number])[1] - context.length] as [number, number] }));
    const release = engine.redactSegments([{ ...segment, text: slice }], spans)[0];
    this.released += window.slice(context.length, point);
    this.pending = window.slice(point);
    this.sent += release;
    return { release, findings: shifted, block: false };
  }
}
