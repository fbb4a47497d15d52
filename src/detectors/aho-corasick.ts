/**
 * Aho-Corasick automaton over UTF-16 code units, stored in typed arrays (sorted-trie.ts). Every
 * overlapping match is reported: each state keeps a dictionary-suffix link to the nearest state that
 * ends a pattern, so "他妈" inside "其他妈妈" and a short keyword inside a longer one are both found
 * (the output-link miss of simpler engines).
 *
 * Bounded skip: characters of the `noise` set are stepped over between the characters of a pattern,
 * at most `maxGap` in a row ("傻@冒", "f.u.c.k"); a longer run of noise breaks any match in progress.
 * Noise characters inside patterns are removed at build time, so a pattern "a-b" matches "ab" too.
 */
import { buildSortedTrie, type SortedTrie } from './sorted-trie';

export interface AcMatch {
  pattern: number;
  /** [start, end) in the searched units; with skipping, the span includes the noise in between. */
  start: number;
  end: number;
}

export interface AhoCorasickOptions {
  /** Characters skipped between the characters of a pattern. Default: none. */
  noise?: string;
  /** Most noise characters in a row inside one match. Default 0 (no skipping). */
  maxGap?: number;
}

/** The automaton's position after some text: carry it across chunks of a stream. */
export interface AcState {
  state: number;
  gap: number;
}

let scratch = new Uint16Array(4096);

function unitsOf(text: string | Uint16Array): { codes: Uint16Array; n: number } {
  if (typeof text !== 'string') return { codes: text, n: text.length };
  if (scratch.length < text.length) scratch = new Uint16Array(text.length * 2);
  for (let i = 0; i < text.length; i++) scratch[i] = text.charCodeAt(i);
  return { codes: scratch, n: text.length };
}

export class AhoCorasick {
  private readonly da: SortedTrie;
  /**
   * UTF-16 unit → alphabet code of the trie (1..), 0 for a unit in no pattern, -1 for a noise unit
   * (noise never occurs in patterns, it is removed from them): one read per character decides all three.
   */
  private readonly alpha: Int32Array;
  private readonly maxGap: number;
  /** Length (noise removed) of each unique pattern. */
  private readonly lengths: Int32Array;
  /** Unique pattern → the caller's pattern ids (duplicates after noise removal share one). */
  private readonly idsStart: Int32Array;
  private readonly ids: Int32Array;
  /**
   * Four 32-bit words per state, so one cache line holds what a step reads about a state: [first
   * child (FIRST_MASK) with the OUTPUT and DENSE flags, child bits 0-31, child bits 32-63, failure
   * link or, for a DENSE state, the offset of its row in `dense`]. Child bits: bit (code & 63) set
   * for each child's alphabet code, so most characters without a child here are ruled out by one
   * read (the sorted children are searched only when the bit is set). OUTPUT: the state ends a
   * pattern or has a dictionary-suffix link to one. The next state's first word ends the children.
   */
  private readonly node: Int32Array;
  /**
   * Full transitions (failure links resolved) on the ASCII alphabet codes for the shallow states
   * reached by ASCII units only (English text walks these most): one read instead of a walk down
   * the failure chain. Two words per entry: the next state, and the next state's own row (NO_ROW
   * when it has none) with its OUTPUT flag, so English text steps from row to row without reading
   * the state array. Entry 0 of a row: 1 when some state on the row's failure chain has a child
   * outside ASCII (so a non-ASCII unit needs the walk), 0 when it goes straight to the root's table.
   */
  private readonly dense: Int32Array;
  private readonly asciiCodes: number;
  private readonly rootRow: number;
  private readonly total: number;
  readonly maxLength: number;

  constructor(patterns: readonly string[], options: AhoCorasickOptions = {}) {
    const noise = new Uint8Array(0x10000);
    for (const ch of options.noise ?? '') noise[ch.charCodeAt(0)] = 1;
    this.maxGap = options.maxGap ?? 0;
    this.total = patterns.length;
    // Duplicates (after noise removal) share one automaton pattern: first id per key, then a chain.
    const firstId = new Map<string, number>();
    const nextId = new Int32Array(patterns.length).fill(-1);
    const lastId = new Int32Array(patterns.length); // by first id: the last id of its chain
    patterns.forEach((p, id) => {
      let key = p;
      for (let i = 0; i < p.length; i++) {
        if (noise[p.charCodeAt(i)] === 0) continue;
        key = Array.from(p).filter((ch) => noise[ch.charCodeAt(0)] === 0).join('');
        break;
      }
      if (key.length === 0) return;
      const head = firstId.get(key);
      if (head === undefined) {
        firstId.set(key, id);
        lastId[id] = id;
      } else {
        nextId[lastId[head]] = id;
        lastId[head] = id;
      }
    });
    const keys = [...firstId.keys()].sort(); // code-unit order, as buildSortedTrie requires
    this.da = buildSortedTrie(keys);
    this.alpha = this.da.alpha;
    for (let u = 0; u < 0x10000; u++) if (noise[u] === 1) this.alpha[u] = -1;
    this.lengths = new Int32Array(keys.length);
    this.idsStart = new Int32Array(keys.length + 1);
    this.ids = new Int32Array(patterns.length);
    let at = 0;
    for (let u = 0; u < keys.length; u++) {
      this.lengths[u] = keys[u].length;
      this.idsStart[u] = at;
      for (let id = firstId.get(keys[u]) as number; id !== -1; id = nextId[id]) this.ids[at++] = id;
    }
    this.idsStart[keys.length] = at;
    this.maxLength = this.lengths.reduce((m, k) => Math.max(m, k), 0);
    const layout = buildLayout(this.da);
    this.node = layout.node;
    this.dense = layout.dense;
    this.asciiCodes = layout.asciiCodes;
    this.rootRow = (this.node[0] & DENSE) !== 0 ? this.node[3] : NO_ROW;
  }

  get patternCount(): number {
    return this.total;
  }

  /** Every match in `text` (a string, or the units of a normalized text), in `into` if given (emptied first). */
  search(text: string | Uint16Array, into?: AcMatch[]): AcMatch[] {
    const matches = into ?? [];
    matches.length = 0;
    const { codes, n } = unitsOf(text);
    this.run(codes, n, { state: 0, gap: 0 }, matches);
    return matches;
  }

  /**
   * Number of units at the end of `text` that could still begin a match once more text arrives
   * (stream holdback): the partial match in progress, including noise skipped inside it.
   */
  pendingLength(text: string | Uint16Array): number {
    const { codes, n } = unitsOf(text);
    const start = this.run(codes, n, { state: 0, gap: 0 }, null);
    return n - start;
  }

  /**
   * Runs the automaton over codes[0..n) from `from` (updated in place). Appends matches when
   * `matches` is given. Returns the offset where the partial match in progress at the end begins.
   */
  run(codes: Uint16Array, n: number, from: AcState, matches: AcMatch[] | null): number {
    const { rootNext, code, fail, depth } = this.da;
    const alpha = this.alpha;
    const node = this.node;
    const dense = this.dense;
    const asciiCodes = this.asciiCodes;
    const maxGap = this.maxGap;
    const rootRow = this.rootRow;
    let s = from.state;
    let gap = from.gap;
    // The dense row of `s`, or NO_ROW.
    let row = (node[s << 2] & DENSE) !== 0 ? node[(s << 2) + 3] : NO_ROW;
    for (let i = 0; i < n; i++) {
      const a = alpha[codes[i]];
      if (a <= 0) {
        if (a === 0) {
          s = 0;
          row = rootRow;
          gap = 0;
        } else if (s !== 0 && ++gap > maxGap) {
          s = 0; // noise: skipped inside a match, up to maxGap in a row
          row = rootRow;
        }
        continue;
      }
      gap = 0;
      if (row !== NO_ROW && a <= asciiCodes) {
        // From a dense row on an ASCII unit: the entry has the next state, its row and its flag.
        const k = (row + a) << 1;
        s = dense[k];
        const next = dense[k + 1];
        row = next & NO_ROW;
        if (matches !== null && (next & OUTPUT) !== 0) this.collect(s, codes, i, matches);
        continue;
      }
      for (;;) {
        const at = s << 2;
        const head = node[at];
        if ((head & DENSE) !== 0) {
          const r = node[at + 3];
          if (a <= asciiCodes) {
            s = dense[(r + a) << 1];
            break;
          }
          if (dense[r << 1] === 0) {
            s = rootNext[a];
            break;
          }
        }
        // Most characters have no child here: the state's bits say so for most of them, and the
        // sorted children (range check, then a search that stops at the first larger code) for the rest.
        if (((node[at + 1 + ((a >> 5) & 1)] >>> (a & 31)) & 1) !== 0) {
          let lo = head & FIRST_MASK;
          const hi = node[at + 4] & FIRST_MASK;
          if (a >= code[lo] && a <= code[hi - 1]) {
            let top = hi;
            while (top - lo > 8) {
              const mid = (lo + top) >>> 1;
              if (code[mid] < a) lo = mid + 1;
              else top = mid + 1; // keep mid: it may be the match
            }
            while (code[lo] < a) lo++;
            if (code[lo] === a) {
              s = lo;
              break;
            }
          }
        }
        if (s === 0) break; // the root has no child for `a` (it is dense: only a non-ASCII unit gets here)
        if ((head & DENSE) !== 0) s = fail[s];
        else {
          s = node[at + 3];
          if (s === 0) {
            // Failing to the root (every depth-1 state, most Chinese text): the root's table answers.
            s = rootNext[a];
            break;
          }
        }
      }
      const head = node[s << 2];
      row = (head & DENSE) !== 0 ? node[(s << 2) + 3] : NO_ROW;
      if (matches !== null && (head & OUTPUT) !== 0) this.collect(s, codes, i, matches);
    }
    from.state = s;
    from.gap = gap;
    if (depth[s] === 0) return n;
    // The partial match ends at the last pattern unit; the noise after it is pending too.
    let last = n - 1;
    while (last > 0 && alpha[codes[last]] < 0) last--;
    return Math.max(0, this.startOf(codes, last, depth[s]));
  }

  /**
   * Start of the `len` pattern units ending at codes[end], stepping back over noise; -1 when they
   * began before codes[0] (a state carried from an earlier chunk: the caller saw its start).
   * Matches are rare, so this walk replaces a per-character record of positions.
   */
  private startOf(codes: Uint16Array, end: number, len: number): number {
    let j = end;
    let left = len - 1;
    while (left > 0) {
      j--;
      if (j < 0) return -1;
      if (this.alpha[codes[j]] > 0) left--;
    }
    return j;
  }

  private collect(state: number, codes: Uint16Array, i: number, matches: AcMatch[]): void {
    const { term, dict } = this.da;
    for (let t = term[state] !== -1 ? state : dict[state]; t !== -1; t = dict[t]) {
      const u = term[t];
      const start = this.startOf(codes, i, this.lengths[u]);
      if (start < 0) continue;
      for (let j = this.idsStart[u]; j < this.idsStart[u + 1]; j++) matches.push({ pattern: this.ids[j], start, end: i + 1 });
    }
  }
}

const FIRST_MASK = (1 << 29) - 1;
const DENSE = 1 << 29;
const OUTPUT = 1 << 30;
/** A dense entry's "next row" when the next state has none (also the mask of a row offset). */
const NO_ROW = (1 << 30) - 1;
/** Most entries (states × ASCII codes) of the dense rows: 4 MB (two words an entry). */
const DENSE_BUDGET = 1 << 19;

/** The search layout of a built trie: per-state words, and the dense ASCII rows (see fields). */
function buildLayout(t: SortedTrie): { node: Int32Array; dense: Int32Array; asciiCodes: number } {
  const { alpha, first, code, fail, term, dict, depth, rootNext } = t;
  const states = term.length;
  if (states >= FIRST_MASK) throw new Error(`keyword automaton too large: ${states} states`);
  // Alphabet codes follow code-unit order, so the ASCII units have the lowest codes.
  let asciiCodes = 0;
  for (let u = 0; u < 128; u++) if (alpha[u] > asciiCodes) asciiCodes = alpha[u];
  const stride = asciiCodes + 1;
  // States reached from the root by ASCII units only, shallowest first (breadth-first ids), as
  // many whole depths as the budget holds.
  const asciiPath = new Uint8Array(states);
  asciiPath[0] = 1;
  const perDepth: number[] = [1];
  for (let s = 0; s < states; s++) {
    if (asciiPath[s] === 0) continue;
    for (let c = first[s]; c < first[s + 1]; c++) {
      if (code[c] > asciiCodes) continue;
      asciiPath[c] = 1;
      perDepth[depth[c]] = (perDepth[depth[c]] ?? 0) + 1;
    }
  }
  let maxDepth = -1;
  let rows = 0;
  while (maxDepth + 1 < perDepth.length && (rows + perDepth[maxDepth + 1]) * stride <= DENSE_BUDGET) rows += perDepth[++maxDepth];
  const dense = new Int32Array(rows * stride * 2);
  const rowOf = new Int32Array(states).fill(-1);
  const node = new Int32Array((states + 1) * 4);
  let nextRow = 0;
  for (let s = 0; s < states; s++) {
    const at = s << 2;
    node[at] = first[s] | (term[s] !== -1 || dict[s] !== -1 ? OUTPUT : 0);
    for (let c = first[s]; c < first[s + 1]; c++) node[at + 1 + ((code[c] >> 5) & 1)] |= 1 << (code[c] & 31);
    node[at + 3] = fail[s];
    if (asciiPath[s] === 0 || depth[s] > maxDepth) continue;
    // Breadth-first: the failure state (shallower, ASCII-only too) has its row already.
    const row = nextRow;
    nextRow += stride;
    rowOf[s] = row;
    const f = s === 0 ? -1 : rowOf[fail[s]];
    let wide = f >= 0 && dense[f << 1] === 1 ? 1 : 0;
    for (let a = 1; a <= asciiCodes; a++) dense[(row + a) << 1] = s === 0 ? rootNext[a] : dense[(f + a) << 1];
    for (let c = first[s]; c < first[s + 1]; c++) {
      if (code[c] <= asciiCodes) dense[(row + code[c]) << 1] = c;
      else if (s !== 0) wide = 1;
    }
    dense[row << 1] = wide;
    node[at] |= DENSE;
    node[at + 3] = row;
  }
  // Second words: the next state's row and output flag (rows are all placed now).
  for (let row = 0; row < nextRow; row += stride) {
    for (let a = 1; a <= asciiCodes; a++) {
      const k = (row + a) << 1;
      const t = dense[k];
      dense[k + 1] = (rowOf[t] >= 0 ? rowOf[t] : NO_ROW) | (node[t << 2] & OUTPUT);
    }
  }
  node[states << 2] = first[states];
  return { node, dense, asciiCodes };
}
