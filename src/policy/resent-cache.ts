/**
 * Findings of the prompt segments a chat resends. Chat clients send the system prompt and every
 * earlier turn again with each request, so turn n's prompt is mostly text the gateway inspected on
 * turns 1…n-1: on a ten-turn chat, nine tenths of the input stage's work repeats. Detectors whose
 * findings depend on a segment's text alone (`Detector.pure`: keywords, patterns, the local
 * classifier) run only on segments not found here; the others (external endpoints) see every
 * segment every time. The verdict is the same either way: the policy decides on all findings anew.
 *
 * Entries belong to a scope (the tenant, or the client's key): whether some text was sent before
 * never shows, through timing, to another client. Bounded by the characters of the texts it keeps,
 * least recently used out first. Each engine (rules revision) has its own, so a reload starts empty.
 */
import type { Detector, Finding, Segment } from '../types';

export interface ResentCacheOptions {
  /** Most characters of segment text kept (memory: about twice that in bytes, plus the findings). */
  maxChars: number;
  /** Shorter segments are not kept: inspecting them costs about what looking them up does. */
  minChars?: number;
  /** Called once per looked-up segment (metrics). */
  onLookup?: (hit: boolean) => void;
}

/** Findings of one segment, one list per pure detector (in the engine's order), `segment` = 0. */
export type SegmentFindings = Finding[][];

const DEFAULT_MIN_CHARS = 256;

export class ResentCache {
  private readonly entries = new Map<string, SegmentFindings>();
  private chars = 0;

  constructor(private readonly opts: ResentCacheOptions) {}

  /** Whether `text` is long enough to be looked up and kept at all. */
  worthKeeping(text: string): boolean {
    return text.length >= (this.opts.minChars ?? DEFAULT_MIN_CHARS) && text.length <= this.opts.maxChars;
  }

  get(scope: string, text: string): SegmentFindings | undefined {
    const key = `${scope}\u0000${text}`;
    const found = this.entries.get(key);
    this.opts.onLookup?.(found !== undefined);
    if (found !== undefined) {
      // Most recently used last: Map keeps insertion order, eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(scope: string, text: string, findings: SegmentFindings): void {
    const key = `${scope}\u0000${text}`;
    if (this.entries.has(key)) return;
    this.entries.set(key, findings);
    this.chars += key.length;
    for (const old of this.entries.keys()) {
      if (this.chars <= this.opts.maxChars) break;
      this.entries.delete(old);
      this.chars -= old.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * One input inspection's use of the cache: the segments found there, and the rest ("fresh"), which
 * the pure detectors run on. Pure detectors report segment by segment in order (the `pure`
 * contract), so merging known and fresh findings by segment gives the list a run over every
 * segment would have given.
 */
export class ResentLookup {
  private readonly known: Array<SegmentFindings | undefined>;
  private readonly fresh: Segment[] = [];
  /** Each pure detector's slot among the pure ones (-1: not pure). */
  private readonly slots: number[];
  /** Each pure detector's findings on the fresh segments (`segment` indexes `fresh`). */
  private readonly freshFindings: Finding[][] = [];

  constructor(private readonly cache: ResentCache, private readonly scope: string, private readonly segments: Segment[], detectors: Detector[]) {
    this.known = segments.map((s) => (cache.worthKeeping(s.text) ? cache.get(scope, s.text) : undefined));
    segments.forEach((s, i) => {
      if (!this.known[i]) this.fresh.push(s);
    });
    let pure = 0;
    this.slots = detectors.map((d) => (d.pure ? pure++ : -1));
  }

  /** Runs the i-th detector with `detect`: a pure one on the fresh segments only. */
  run(i: number, detect: (on: Segment[]) => Promise<Finding[]>): Promise<Finding[]> {
    const slot = this.slots[i];
    if (slot < 0) return detect(this.segments);
    const found = this.fresh.length > 0 ? detect(this.fresh) : Promise.resolve([]);
    return found.then((f) => {
      this.freshFindings[slot] = f;
      return this.fresh.length === this.segments.length ? f : this.merge(slot, f);
    });
  }

  /** Keeps the fresh segments' findings, unless a pure detector failed (its findings are unknown). */
  keep(results: Array<PromiseSettledResult<Finding[]>>): void {
    if (this.slots.some((slot, i) => slot >= 0 && results[i].status !== 'fulfilled')) return;
    const pureSlots = this.slots.filter((slot) => slot >= 0);
    if (pureSlots.length === 0) return;
    const bySlot = pureSlots.map((slot) => bySegment(this.freshFindings[slot], this.fresh.length));
    this.fresh.forEach((segment, j) => {
      if (this.cache.worthKeeping(segment.text)) this.cache.set(this.scope, segment.text, bySlot.map((groups) => groups[j].map((f) => ({ ...f, segment: 0 }))));
    });
  }

  private merge(slot: number, freshFindings: Finding[]): Finding[] {
    const groups = bySegment(freshFindings, this.fresh.length);
    const out: Finding[] = [];
    let j = 0;
    this.known.forEach((known, i) => {
      for (const f of known ? known[slot] : groups[j++]) out.push({ ...f, segment: i });
    });
    return out;
  }
}

/** Findings grouped by their segment index, each group in the order given. */
function bySegment(findings: Finding[], segments: number): Finding[][] {
  const groups: Finding[][] = Array.from({ length: segments }, () => []);
  for (const f of findings) groups[f.segment].push(f);
  return groups;
}
