/**
 * Builds the Aho-Corasick automaton as a double-array trie (Aoe 1989, the layout of darts and
 * ToolGood.Words): a transition from state s on alphabet code a is `t = base[s] + a`, valid when
 * `check[t] === s` — one addition and one comparison per step, no hash maps, no per-state objects.
 * Building goes breadth-first over the sorted patterns, so the trie is never held as nodes, and the
 * failure and dictionary-suffix links are filled in the same breadth-first order.
 */

export interface DoubleArray {
  /** UTF-16 unit → alphabet code (1..); 0: the unit is in no pattern. */
  alpha: Int32Array;
  base: Int32Array;
  /** Parent state of each slot, or -1 for a free slot. */
  check: Int32Array;
  fail: Int32Array;
  /** Unique pattern ending at this state, or -1. */
  term: Int32Array;
  /** Nearest state on the failure chain (excluding self) that ends a pattern, or -1. */
  dict: Int32Array;
  /** Number of units matched in this state. */
  depth: Int32Array;
}

function grow(a: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a as Int32Array<ArrayBuffer>;
  const next = new Int32Array(Math.max(size, a.length * 2));
  next.fill(fill, a.length);
  next.set(a);
  return next;
}

function compareCodes(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Alphabet codes by descending frequency: frequent units get small codes and pack densely. */
function buildAlphabet(patterns: readonly string[]): Int32Array {
  const counts = new Map<number, number>();
  for (const p of patterns) for (let i = 0; i < p.length; i++) counts.set(p.charCodeAt(i), (counts.get(p.charCodeAt(i)) ?? 0) + 1);
  const alpha = new Int32Array(0x10000);
  [...counts.entries()].sort((x, y) => y[1] - x[1]).forEach(([unit], i) => (alpha[unit] = i + 1));
  return alpha;
}

/** `patterns` must be distinct and non-empty; pattern i's id in `term` is i. */
export function buildDoubleArray(patterns: readonly string[]): DoubleArray {
  const alpha = buildAlphabet(patterns);
  const keys = patterns.map((p) => Int32Array.from({ length: p.length }, (_, i) => alpha[p.charCodeAt(i)]));
  const order = keys.map((_, i) => i).sort((x, y) => compareCodes(keys[x], keys[y]));

  let size = 1024;
  let base = new Int32Array(size);
  let check = new Int32Array(size).fill(-1);
  let term = new Int32Array(size).fill(-1);
  let depth = new Int32Array(size);
  check[0] = 0; // the root occupies slot 0
  let nextFree = 1;
  let skip = new Int32Array(size);
  /** Lowest free slot at or after p (growing the arrays when p runs past the end). */
  const findFree = (p: number): number => {
    let r = p;
    while (r < check.length && check[r] !== -1) r = skip[r] > r ? skip[r] : r + 1;
    for (let x = p; x < r && x < skip.length; ) {
      const next = skip[x] > x ? skip[x] : x + 1;
      skip[x] = r;
      x = next;
    }
    if (r >= check.length) {
      size = r * 2;
      check = grow(check, size, -1);
    }
    if (skip.length < check.length) skip = grow(skip, check.length, 0);
    return r;
  };
  let maxState = 0;
  // Breadth-first queue of (state, lo, hi, depth) over `order`; edges kept for the failure links.
  const queue: number[] = [0, 0, order.length, 0];
  const edges: number[] = [];
  const codes: number[] = [];
  const ranges: number[] = [];

  for (let q = 0; q < queue.length; q += 4) {
    const s = queue[q];
    let lo = queue[q + 1];
    const hi = queue[q + 2];
    const d = queue[q + 3];
    if (lo < hi && keys[order[lo]].length === d) term[s] = order[lo++];
    codes.length = 0;
    ranges.length = 0;
    for (let i = lo; i < hi; ) {
      const a = keys[order[i]][d];
      let j = i + 1;
      while (j < hi && keys[order[j]][d] === a) j++;
      codes.push(a);
      ranges.push(i, j);
      i = j;
    }
    if (codes.length === 0) continue;
    // First fit: the lowest base whose child slots are all free. `skip` jumps over runs of taken
    // slots (union-find style, path-compressed), so a search never rescans the packed region.
    let b = 0;
    for (let pos = findFree(Math.max(nextFree, codes[0] + 1)); ; pos = findFree(pos + 1)) {
      b = pos - codes[0];
      let fits = true;
      for (let k = 1; k < codes.length; k++) {
        const t = b + codes[k];
        if (t < check.length && check[t] !== -1) {
          fits = false;
          break;
        }
      }
      if (fits) break;
    }
    const top = b + codes[codes.length - 1] + 1;
    if (top > check.length) {
      size = top * 2;
      check = grow(check, size, -1);
    }
    base = grow(base, check.length, 0);
    term = grow(term, check.length, -1);
    depth = grow(depth, check.length, 0);
    base[s] = b;
    for (let k = 0; k < codes.length; k++) {
      const t = b + codes[k];
      check[t] = s;
      depth[t] = d + 1;
      if (t > maxState) maxState = t;
      queue.push(t, ranges[2 * k], ranges[2 * k + 1], d + 1);
      edges.push(s, codes[k], t);
    }
    nextFree = findFree(nextFree);
  }

  // Pad so that base[s] + a is always inside the arrays: the search loop needs no bounds check.
  let maxBase = 0;
  for (let s = 0; s < base.length; s++) if (base[s] > maxBase) maxBase = base[s];
  let alphabetSize = 0;
  for (let u = 0; u < alpha.length; u++) if (alpha[u] > alphabetSize) alphabetSize = alpha[u];
  const n = Math.max(maxState + 1, maxBase + alphabetSize + 1);
  check = grow(check, n, -1);
  base = grow(base, n, 0);
  term = grow(term, n, -1);
  depth = grow(depth, n, 0);
  const fail = new Int32Array(n);
  const dict = new Int32Array(n).fill(-1);
  for (let e = 0; e < edges.length; e += 3) {
    const parent = edges[e];
    const a = edges[e + 1];
    const t = edges[e + 2];
    let f = 0;
    if (parent !== 0) {
      for (let g = fail[parent]; ; g = fail[g]) {
        const next = base[g] + a;
        if (next < n && check[next] === g && next !== t) {
          f = next;
          break;
        }
        if (g === 0) break;
      }
    }
    fail[t] = f;
    dict[t] = term[f] !== -1 ? f : dict[f];
  }
  return { alpha, base, check, fail, term, dict, depth };
}
