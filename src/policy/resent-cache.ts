/**
 * Findings of the prompt segments a chat resends. Chat clients send the system prompt and every
 * earlier turn again with each request, so turn n's prompt is mostly text the gateway inspected on
 * turns 1…n-1: on a ten-turn chat, nine tenths of the input stage's work repeats. Detectors whose
 * findings depend on a segment alone (`Detector.pure`: keywords, patterns, the local classifier,
 * and external classifiers unless their `reuse_resent` is off) run only on segments not found
 * here; the others see every segment every time. The verdict is the same either way: the policy
 * decides on all findings anew.
 *
 * Entries belong to a scope (the tenant, or the client's key): whether some text was sent before
 * never shows, through timing, to another client. An entry is keyed by one SHA-256 of the scope,
 * the segment's role (an LLM judge is asked about a user's or an agent's message) and its text, not
 * the text: the cache holds no prompt text, and its size per entry does not grow with the prompt.
 * Bounded in entries, least recently used out first. Each engine (rules revision) has its own, so a
 * reload starts empty.
 */
import { createHash, hash } from 'node:crypto';
import type { Detector, Finding, Segment } from '../types';
import { OldestFirst } from '../util/oldest-first';

export interface ResentCacheOptions {
  /** Most segments kept (~100 bytes each without findings). */
  maxEntries: number;
  /** Shorter segments are not kept: inspecting them costs little more than hashing them. */
  minChars?: number;
  /** Called once per looked-up segment (metrics). */
  onLookup?: (hit: boolean) => void;
}

/** Findings of one segment, one list per pure detector (in the engine's order), `segment` = 0. */
export type SegmentFindings = Finding[][];

const DEFAULT_MIN_CHARS = 256;
/** Shared by every entry without findings of a detector (most of them); never modified. */
const NONE: Finding[] = Object.freeze([]) as unknown as Finding[];
/**
 * By number of pure detectors, the one value of every entry without any finding (most of them):
 * 100,000 entries of their own were objects the collector traced on every full collection and copied
 * when young (3.6-4.2% less CPU per request without them, with one-digest keys; README "Resent chat turns").
 */
const ALL_NONE: SegmentFindings[] = [];
const noneOf = (n: number): SegmentFindings => (ALL_NONE[n] ??= Object.freeze(Array.from({ length: n }, () => NONE)) as unknown as SegmentFindings);

/** What a key hashes, written into one reused buffer (grown as needed, up to KEY_INPUT_MAX bytes). */
let keyInput = Buffer.alloc(16_384);
/** Longer segments are hashed from the string, so one huge prompt leaves no huge buffer behind. */
const KEY_INPUT_MAX = 1 << 20;

export class ResentCache {
  private readonly entries = new Map<string, SegmentFindings>();
  /** Least recently used out first (util/oldest-first.ts: without walking the Map's holes each time). */
  private readonly eviction = new OldestFirst(this.entries);

  constructor(private readonly opts: ResentCacheOptions) {}

  /** The key of a segment in `scope`, or null when it is too short to be worth keeping. */
  keyOf(scope: string, { role = '', text }: Pick<Segment, 'role' | 'text'>): string | null {
    if (text.length < (this.opts.minChars ?? DEFAULT_MIN_CHARS)) return null;
    // The UTF-16 units as they are: UTF-8 would turn every lone surrogate into U+FFFD, and two texts
    // the detectors see differently would share a key. JSON keeps scope and role apart, and ends
    // where the text begins. One digest makes the key one short flat string (a concatenation was
    // two strings per entry). One-shot `hash` over a reused buffer: a Hash object per key is a weak
    // handle the next scavenge must process (~1 ms of each scavenge's pause under load, with the
    // client-key fingerprint's), and the buffer copy costs less than the object.
    const head = JSON.stringify([scope, role]);
    const bytes = 2 * (head.length + text.length);
    if (bytes > KEY_INPUT_MAX) return createHash('sha256').update(head, 'utf16le').update(text, 'utf16le').digest('base64');
    if (keyInput.length < bytes) keyInput = Buffer.alloc(Math.min(2 * bytes, KEY_INPUT_MAX));
    keyInput.write(head, 0, 'utf16le');
    keyInput.write(text, 2 * head.length, 'utf16le');
    return hash('sha256', keyInput.subarray(0, bytes), 'base64');
  }

  get(key: string): SegmentFindings | undefined {
    const found = this.entries.get(key);
    this.opts.onLookup?.(found !== undefined);
    if (found !== undefined) {
      // Most recently used last: Map keeps insertion order, eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, findings: SegmentFindings): void {
    if (this.entries.has(key)) return;
    this.entries.set(key, findings.every((f) => f.length === 0) ? noneOf(findings.length) : findings.map((f) => (f.length === 0 ? NONE : f)));
    this.eviction.trim(this.opts.maxEntries);
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
  /** The cache key of each fresh segment (null: not kept). */
  private readonly freshKeys: Array<string | null> = [];
  /** Each pure detector's slot among the pure ones (-1: not pure). */
  private readonly slots: number[];
  /** Each pure detector's findings on the fresh segments, grouped by fresh segment. */
  private readonly freshGroups: Finding[][][] = [];

  constructor(private readonly cache: ResentCache, scope: string, private readonly segments: Segment[], detectors: Detector[]) {
    const keys = segments.map((s) => cache.keyOf(scope, s));
    this.known = keys.map((key) => (key === null ? undefined : cache.get(key)));
    segments.forEach((s, i) => {
      if (this.known[i]) return;
      this.fresh.push(s);
      this.freshKeys.push(keys[i]);
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
      const groups = bySegment(f, this.fresh.length);
      this.freshGroups[slot] = groups;
      return this.fresh.length === this.segments.length ? f : this.merge(slot, groups);
    });
  }

  /** Keeps the fresh segments' findings, unless a pure detector failed (its findings are unknown). */
  keep(results: Array<PromiseSettledResult<Finding[]>>): void {
    if (this.slots.some((slot, i) => slot >= 0 && results[i].status !== 'fulfilled')) return;
    if (this.freshGroups.length === 0) return;
    this.freshKeys.forEach((key, j) => {
      if (key !== null) this.cache.set(key, this.freshGroups.map((groups) => groups[j].map((f) => ({ ...f, segment: 0 }))));
    });
  }

  private merge(slot: number, groups: Finding[][]): Finding[] {
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
