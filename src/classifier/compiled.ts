/**
 * The classifier's hot path: the features of a text that the model knows, found without spelling
 * any feature. features() spells every character, pair and triple of a Chinese run ("c:炸药") and
 * every stem pair ("b:make_bomb"), puts them in a Set and the model then looks each up: on a 2 KB
 * prompt well over a thousand short-lived strings, and most of the classifier's cost, though only
 * the features in the model's vocabulary can move a score.
 *
 * Here the vocabulary is compiled once into lookups keyed by what the scan already holds (code
 * points, jieba words, stems) that give a feature's id; each id counts once, and the heads' sums run
 * over the ids in the order features() would list the features — the order of a floating-point sum.
 * With the counts of distinct Chinese characters and English stems (the language evidence), the
 * result equals scoring features(text) to the last bit: test/unit/classifier/compiled.test.ts.
 */
import { featureValue, type BinaryWeights, type SoftmaxWeights } from './logistic';
import { cutHan, forEachStem, HAN_RUN, prepareText } from './tokenize';

/** What scoring a text needs: the two heads' raw outputs and the text's language evidence. */
export interface RawScores {
  /** The harm head's log-odds (binaryLogit over the known features). */
  harmLogit: number;
  /** The category head's probabilities (softmaxProbabilities over the known features). */
  categories: number[];
  /** Distinct Chinese characters and distinct English stems in the text (known or not). */
  hanChars: number;
  stems: number;
}

/** A Chinese character of the vocabulary: its own features and the pairs and triples it starts. */
interface HanEntry {
  /** "u:X" */
  unit: number;
  /** "c:X" (features() spells a run of one character so) */
  single: number;
  pairs: Map<number, { id: number; triples: Map<number, number> }>;
}

const NONE = -1;

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) as number;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

class Vocabulary {
  readonly strings: string[] = [];
  readonly words = new Map<string, number>();
  readonly han = new Map<number, HanEntry>();
  readonly stems = new Map<string, number>();
  /** "b:" features by first stem, then second; a feature whose stems contain "_" is filed under every split. */
  readonly stemPairs = new Map<string, Map<string, number>>();

  constructor(features: Iterable<string>) {
    const ids = new Map<string, number>();
    for (const f of features) {
      if (ids.has(f)) continue;
      ids.set(f, this.strings.length);
      this.strings.push(f);
      this.file(f, ids.get(f) as number);
    }
  }

  private hanEntry(cp: number): HanEntry {
    let e = this.han.get(cp);
    if (!e) {
      e = { unit: NONE, single: NONE, pairs: new Map() };
      this.han.set(cp, e);
    }
    return e;
  }

  private pair(a: number, b: number): { id: number; triples: Map<number, number> } {
    const pairs = this.hanEntry(a).pairs;
    let p = pairs.get(b);
    if (!p) {
      p = { id: NONE, triples: new Map() };
      pairs.set(b, p);
    }
    return p;
  }

  private file(f: string, id: number): void {
    const body = f.slice(2);
    const cps = (): number[] => codePoints(body);
    switch (f.slice(0, 2)) {
      case 'w:':
        this.words.set(body, id);
        return;
      case 'e:':
        this.stems.set(body, id);
        return;
      case 'u:': {
        const c = cps();
        if (c.length === 1) this.hanEntry(c[0]).unit = id;
        return;
      }
      case 'c:': {
        const c = cps();
        if (c.length === 1) this.hanEntry(c[0]).single = id;
        else if (c.length === 2) this.pair(c[0], c[1]).id = id;
        return;
      }
      case 't:': {
        const c = cps();
        if (c.length === 3) this.pair(c[0], c[1]).triples.set(c[2], id);
        return;
      }
      case 'b:':
        for (let i = body.indexOf('_'); i >= 0; i = body.indexOf('_', i + 1)) {
          const first = body.slice(0, i);
          let seconds = this.stemPairs.get(first);
          if (!seconds) {
            seconds = new Map();
            this.stemPairs.set(first, seconds);
          }
          seconds.set(body.slice(i + 1), id);
        }
        return;
      default:
      // A kind features() does not produce can never be present in a text.
    }
  }
}

export function compileScorer(harm: BinaryWeights, cats: SoftmaxWeights): (text: string) => RawScores {
  const vocab = new Vocabulary([...harm.weights.keys(), ...cats.weights.keys()]);
  const size = vocab.strings.length;
  const K = cats.labels.length;
  const harmWeight = new Float64Array(size);
  const inHarm = new Uint8Array(size);
  const catWeights: (Float64Array | undefined)[] = vocab.strings.map((f) => cats.weights.get(f));
  vocab.strings.forEach((f, id) => {
    const w = harm.weights.get(f);
    if (w !== undefined) {
      harmWeight[id] = w;
      inHarm[id] = 1;
    }
  });
  // Per-call scratch: a stamp per id so each counts once per text, distinct characters and stems.
  const seen = new Uint32Array(size);
  let stamp = 0;
  let order = new Int32Array(256);
  let count = 0;
  const hanSeen = new Set<number>();
  const stemSeen = new Set<string>();

  const add = (id: number | undefined): void => {
    if (id === undefined || id === NONE || seen[id] === stamp) return;
    seen[id] = stamp;
    if (count === order.length) {
      const grown = new Int32Array(order.length * 2);
      grown.set(order);
      order = grown;
    }
    order[count++] = id;
  };

  // features() order within a Chinese run: jieba words, characters, the lone character of a run of
  // one, pairs, triples.
  const scanHan = (run: string): void => {
    for (const word of cutHan(run)) add(vocab.words.get(word));
    const cps = codePoints(run);
    const n = cps.length;
    // One lookup per character; its pair with the next is looked up once too (triples start there).
    const entries: (HanEntry | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      hanSeen.add(cps[i]);
      entries[i] = vocab.han.get(cps[i]);
      add(entries[i]?.unit);
    }
    if (n === 1) add(entries[0]?.single);
    const pairs: ({ id: number; triples: Map<number, number> } | undefined)[] = new Array(n);
    for (let i = 0; i + 1 < n; i++) {
      pairs[i] = entries[i]?.pairs.get(cps[i + 1]);
      add(pairs[i]?.id);
    }
    for (let i = 0; i + 2 < n; i++) add(pairs[i]?.triples.get(cps[i + 2]));
  };

  // features() order between runs: each stem, then the pair it closes.
  const visitStem = (s: string, previous: string | undefined): void => {
    stemSeen.add(s);
    add(vocab.stems.get(s));
    if (previous) add(vocab.stemPairs.get(previous)?.get(s));
  };
  const scanLatin = (text: string): void => forEachStem(text, visitStem);

  return function rawScores(text: string): RawScores {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) seen.fill(0);
    count = 0;
    hanSeen.clear();
    stemSeen.clear();
    const prepared = prepareText(text);
    let last = 0;
    for (const m of prepared.matchAll(HAN_RUN)) {
      if (m.index > last) scanLatin(prepared.slice(last, m.index));
      scanHan(m[0]);
      last = m.index + m[0].length;
    }
    if (last < prepared.length) scanLatin(prepared.slice(last));

    // As binaryLogit and softmaxProbabilities over the features each head knows, in the same order.
    let harmCount = 0;
    let catCount = 0;
    for (let i = 0; i < count; i++) {
      harmCount += inHarm[order[i]];
      if (catWeights[order[i]] !== undefined) catCount++;
    }
    const hv = featureValue(harmCount);
    let harmLogit = harm.bias;
    for (let i = 0; i < count; i++) if (inHarm[order[i]] === 1) harmLogit += harmWeight[order[i]] * hv;
    const cv = featureValue(catCount);
    const z = [...cats.bias];
    for (let i = 0; i < count; i++) {
      const w = catWeights[order[i]];
      if (w === undefined) continue;
      for (let k = 0; k < K; k++) z[k] += w[k] * cv;
    }
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return { harmLogit, categories: e.map((v) => v / sum), hanChars: hanSeen.size, stems: stemSeen.size };
  };
}
