/**
 * The classifier's hot path: the same score as `scoreFeatures(features(text))`, bit for bit, without
 * building a string per feature. features() spells every Chinese character pair as "c:XY" and every
 * stem pair as "b:s1_s2", puts them in a Set and looks each up in the weight maps — on a 2 KB prompt
 * that is well over a thousand short-lived strings and most of the classifier's cost, though only
 * the features the model knows can change a score.
 *
 * Here the model's vocabulary is compiled once into lookups keyed by what the scan already has in
 * hand (code points, jieba words, stems), so a feature is found without being spelled, duplicates are
 * dropped by id, and the sums run over the known features in the order features() would list them —
 * the order matters to floating-point sums, and test/unit/classifier/compiled.test.ts checks the
 * scores are identical. Only the vocabulary's own features are ever looked at.
 */
import { calibrated, type Platt } from './calibrate';
import { featureValue, type BinaryWeights, type SoftmaxWeights } from './logistic';
import { HAN_RUN, prepareText, segmenter, stem, wordTokenizer } from './tokenize';

export interface CompiledScore {
  harm: number;
  category: string;
}

/** A Chinese character of the vocabulary: "c:X" (a run of one) and the pairs "c:XY" it starts. */
interface HanEntry {
  single: number;
  pairs: Map<number, number>;
}

const NONE = -1;
const JIEBA_CACHE_LIMIT = 20_000;
const JIEBA_CACHE_MAX_CHARS = 512;

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
  readonly ids = new Map<string, number>();
  readonly words = new Map<string, number>();
  readonly han = new Map<number, HanEntry>();
  readonly stems = new Map<string, number>();
  /** "b:" features by first stem, then second; a feature whose stems contain "_" is filed under every split. */
  readonly stemPairs = new Map<string, Map<string, number>>();

  constructor(features: Iterable<string>) {
    for (const f of features) {
      if (this.ids.has(f)) continue;
      const id = this.ids.size;
      this.ids.set(f, id);
      this.file(f, id);
    }
  }

  private hanEntry(cp: number): HanEntry {
    let e = this.han.get(cp);
    if (!e) {
      e = { single: NONE, pairs: new Map() };
      this.han.set(cp, e);
    }
    return e;
  }

  private file(f: string, id: number): void {
    const body = f.slice(2);
    switch (f.slice(0, 2)) {
      case 'w:':
        this.words.set(body, id);
        return;
      case 'e:':
        this.stems.set(body, id);
        return;
      case 'c:': {
        const cps = codePoints(body);
        if (cps.length === 1) this.hanEntry(cps[0]).single = id;
        else if (cps.length === 2) this.hanEntry(cps[0]).pairs.set(cps[1], id);
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

export function compileScorer(harm: BinaryWeights, platt: Platt, cats: SoftmaxWeights): (text: string) => CompiledScore {
  const vocab = new Vocabulary([...harm.weights.keys(), ...cats.weights.keys()]);
  const size = vocab.ids.size;
  const K = cats.labels.length;
  const harmWeight = new Float64Array(size);
  const inHarm = new Uint8Array(size);
  const catWeights: (Float64Array | undefined)[] = new Array(size);
  for (const [f, id] of vocab.ids) {
    const w = harm.weights.get(f);
    if (w !== undefined) {
      harmWeight[id] = w;
      inHarm[id] = 1;
    }
    catWeights[id] = cats.weights.get(f);
  }
  // Per-call scratch: ids in first-seen order, and a stamp per id so each counts once per text.
  const seen = new Uint32Array(size);
  let stamp = 0;
  let order = new Int32Array(256);
  let count = 0;
  const jiebaCache = new Map<string, string[]>();

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

  const cut = (run: string): string[] => {
    let words = jiebaCache.get(run);
    if (words === undefined) {
      words = segmenter().cut(run, false);
      if (run.length <= JIEBA_CACHE_MAX_CHARS) {
        if (jiebaCache.size >= JIEBA_CACHE_LIMIT) jiebaCache.clear();
        jiebaCache.set(run, words);
      }
    }
    return words;
  };

  // The order of features() within a Chinese run: jieba words, then the single character or the pairs.
  const scanHan = (run: string): void => {
    for (const word of cut(run)) add(vocab.words.get(word));
    const first = run.codePointAt(0) as number;
    const firstLength = first > 0xffff ? 2 : 1;
    if (firstLength === run.length) {
      add(vocab.han.get(first)?.single);
      return;
    }
    let previous = first;
    for (let i = firstLength; i < run.length; ) {
      const cp = run.codePointAt(i) as number;
      add(vocab.han.get(previous)?.pairs.get(cp));
      previous = cp;
      i += cp > 0xffff ? 2 : 1;
    }
  };

  // The order of features() between runs: each stem, then the pair it closes.
  const scanLatin = (text: string): void => {
    let previous: string | undefined;
    for (const token of wordTokenizer.tokenize(text) ?? []) {
      if (token.length < 2 || /^\d+$/.test(token)) {
        previous = undefined;
        continue;
      }
      const s = stem(token);
      add(vocab.stems.get(s));
      if (previous !== undefined) add(vocab.stemPairs.get(previous)?.get(s));
      previous = s;
    }
  };

  return function scoreText(text: string): CompiledScore {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) seen.fill(0);
    count = 0;
    const prepared = prepareText(text);
    let last = 0;
    for (const m of prepared.matchAll(HAN_RUN)) {
      if (m.index > last) scanLatin(prepared.slice(last, m.index));
      scanHan(m[0]);
      last = m.index + m[0].length;
    }
    if (last < prepared.length) scanLatin(prepared.slice(last));

    let harmCount = 0;
    let catCount = 0;
    for (let i = 0; i < count; i++) {
      harmCount += inHarm[order[i]];
      if (catWeights[order[i]] !== undefined) catCount++;
    }
    const hv = featureValue(harmCount);
    let zHarm = harm.bias;
    for (let i = 0; i < count; i++) if (inHarm[order[i]] === 1) zHarm += harmWeight[order[i]] * hv;

    const cv = featureValue(catCount);
    const z = [...cats.bias];
    for (let i = 0; i < count; i++) {
      const w = catWeights[order[i]];
      if (w === undefined) continue;
      for (let k = 0; k < K; k++) z[k] += w[k] * cv;
    }
    // As softmaxProbabilities: the largest probability is the largest logit (first one on ties).
    const max = Math.max(...z);
    const e = z.map((s) => Math.exp(s - max));
    const sum = e.reduce((a, b) => a + b, 0);
    const p = e.map((s) => s / sum);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return { harm: calibrated(platt, zHarm), category: cats.labels[best] };
  };
}
