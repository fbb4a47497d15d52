/**
 * Experiment only: nearest-neighbour evidence. Each text is a TF-IDF vector (IDF from the training
 * fold only); a validation text's evidence is its cosine similarity to the k most similar harmful
 * and the k most similar benign training-fold texts.
 */
import { prepareText } from '../../src/classifier/tokenize';

/** A text as unique term ids with their counts. */
export interface Bag {
  ids: Int32Array;
  counts: Float64Array;
}

/** Character 2–4-grams of the prepared text (code points), with repeats. */
export function charGrams(text: string, min = 2, max = 4): string[] {
  const chars = Array.from(prepareText(text).replace(/\s+/g, ' '));
  const out: string[] = [];
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** Term ids from vocab; unknown terms are added to it, or with grow false given ids past its end. */
export function bagOf(terms: readonly string[], vocab: Map<string, number>, grow = true): Bag {
  const unknown = new Map<string, number>();
  const counts = new Map<number, number>();
  for (const t of terms) {
    let id = vocab.get(t) ?? unknown.get(t);
    if (id === undefined) {
      id = vocab.size + unknown.size;
      (grow ? vocab : unknown).set(t, id);
    }
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { ids: Int32Array.from(counts.keys()), counts: Float64Array.from(counts.values()) };
}

export interface Evidence {
  /** Similarities of the k nearest harmful / benign training texts, largest first. */
  harmful: number[];
  benign: number[];
}

/** Sublinear TF × IDF, L2-normalised; terms the fold never saw still count in the norm. */
function weigh(bag: Bag, idf: Float64Array, unseenIdf: number): Float64Array {
  const w = new Float64Array(bag.ids.length);
  let norm = 0;
  for (let t = 0; t < bag.ids.length; t++) {
    const i = bag.ids[t] < idf.length ? idf[bag.ids[t]] : 0;
    w[t] = (1 + Math.log(bag.counts[t])) * (i > 0 ? i : unseenIdf);
    norm += w[t] * w[t];
  }
  norm = Math.sqrt(norm) || 1;
  for (let t = 0; t < w.length; t++) w[t] /= norm;
  return w;
}

function pushTop(top: number[], s: number, k: number): void {
  if (top.length === k && s <= top[k - 1]) return;
  let p = top.length < k ? top.length : k - 1;
  if (top.length < k) top.push(s);
  while (p > 0 && top[p - 1] < s) {
    top[p] = top[p - 1];
    p--;
  }
  top[p] = s;
}

export interface NeighbourIndex {
  idf: Float64Array;
  unseenIdf: number;
  /** CSR postings: term t's training texts are postRow[start[t] .. start[t + 1]). */
  start: Int32Array;
  postRow: Int32Array;
  postW: Float32Array;
  harmful: Uint8Array;
}

export function buildIndex(bags: Bag[], y: number[], train: number[], nTerms: number): NeighbourIndex {
  const df = new Int32Array(nTerms);
  for (const r of train) for (const id of bags[r].ids) df[id]++;
  const idf = new Float64Array(nTerms);
  const N = train.length;
  for (let t = 0; t < nTerms; t++) if (df[t] > 0) idf[t] = Math.log((1 + N) / (1 + df[t])) + 1;
  const unseenIdf = Math.log(1 + N) + 1;
  const start = new Int32Array(nTerms + 1);
  for (let t = 0; t < nTerms; t++) start[t + 1] = start[t] + df[t];
  const fill = start.slice(0, nTerms);
  const postRow = new Int32Array(start[nTerms]);
  const postW = new Float32Array(start[nTerms]);
  train.forEach((r, pos) => {
    const w = weigh(bags[r], idf, unseenIdf);
    bags[r].ids.forEach((id, t) => {
      postRow[fill[id]] = pos;
      postW[fill[id]++] = w[t];
    });
  });
  return { idf, unseenIdf, start, postRow, postW, harmful: Uint8Array.from(train, (r) => y[r]) };
}

/** The k nearest harmful and benign training texts' similarities to one text. */
export function query(index: NeighbourIndex, bag: Bag, k: number, acc = new Float64Array(index.harmful.length)): Evidence {
  acc.fill(0);
  const { idf, start, postRow, postW } = index;
  // Terms past the index's vocabulary (a text it never saw) only count in the norm.
  const w = weigh(bag, idf, index.unseenIdf);
  bag.ids.forEach((id, t) => {
    if (id >= idf.length) return;
    for (let p = start[id]; p < start[id + 1]; p++) acc[postRow[p]] += w[t] * postW[p];
  });
  const ev: Evidence = { harmful: [], benign: [] };
  for (let pos = 0; pos < acc.length; pos++) pushTop(index.harmful[pos] ? ev.harmful : ev.benign, acc[pos], k);
  return ev;
}

/** Neighbour evidence for each test row against the train rows. */
export function neighbourEvidence(bags: Bag[], y: number[], train: number[], test: number[], k: number, nTerms: number): Evidence[] {
  const index = buildIndex(bags, y, train, nTerms);
  const acc = new Float64Array(train.length);
  return test.map((r) => query(index, bags[r], k, acc));
}
