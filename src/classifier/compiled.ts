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
 *
 * The lookups hash no strings or objects where integers will do (Map lookups, string hashing and
 * Set inserts were most of the scorer's time in a profile under load; the tables are in
 * int-tables.ts, the vocabulary in vocabulary.ts): a Chinese character's own features come from
 * arrays indexed by code point, pairs and triples from an open-addressing table of integer keys (a
 * triple is keyed by its pair's number and its last character), stems are numbered once and stem
 * pairs keyed by the two numbers, and the ids of a run's jieba words are remembered with the words.
 * "Counts once" is a stamp per id, BMP code point and known stem, and the per-call scratch arrays
 * are reused. The category head adds its weight rows a few labels at a time (addRows), in the same
 * order.
 */
import { featureValue, softmax, type BinaryWeights, type SoftmaxWeights } from './logistic';
import { NONE, StampSet, withRoom } from './int-tables';
import { Vocabulary } from './vocabulary';
import { hanRuns } from './han-runs';
import { cutHanRuns, forEachStem, prepareText, STEM_SLOTS, stemCacheClears } from './tokenize';
import { WordBound } from './word-bound';

/** A text's scan: the harm head's output and the text's language evidence. */
export interface Scan {
  /** The harm head's log-odds (binaryLogit over the known features). */
  harmLogit: number;
  /** Distinct Chinese characters and distinct English stems in the text (known or not). */
  hanChars: number;
  stems: number;
}

/** What scoring a text needs: the two heads' raw outputs and the text's language evidence. */
export interface RawScores extends Scan {
  /** The category head's probabilities (softmaxProbabilities over the known features). */
  categories: number[];
}

/**
 * The compiled model. `scan` reads a text and gives the harm head's output; `categories` then gives
 * the category head's for the text `scan` read last, so a caller that learns from the harm score
 * alone that no category could matter skips it (model.ts `scoreAbove`); `rawScores` is both. `bound`
 * reads a text without cutting its Chinese words and gives at least the harm head's output (and the
 * same language evidence), so a caller that learns from it that the text cannot matter skips jieba.
 */
export interface CompiledScorer {
  scan(text: string): Scan;
  bound(text: string): Scan;
  categories(): number[];
  rawScores(text: string): RawScores;
}

/** A stem-cache slot whose stem number is not looked up yet (stem numbers are NONE or ≥ 0). */
const UNKNOWN = -2;

/**
 * z[k] += weights[row + k] * scale for each of the first `count` rows in order, for every k: the
 * additions of a row-by-row loop in the same order, so the same sums to the last bit, but four
 * labels at a time kept in registers (updating z in memory row by row took twice as long).
 */
function addRows(o: { z: Float64Array; weights: Float64Array; rows: Int32Array; count: number; scale: number }): void {
  const { z, weights, rows, count, scale } = o;
  let k = 0;
  for (; k + 4 <= z.length; k += 4) {
    let z0 = z[k];
    let z1 = z[k + 1];
    let z2 = z[k + 2];
    let z3 = z[k + 3];
    for (let i = 0; i < count; i++) {
      const at = rows[i] + k;
      z0 += weights[at] * scale;
      z1 += weights[at + 1] * scale;
      z2 += weights[at + 2] * scale;
      z3 += weights[at + 3] * scale;
    }
    z[k] = z0;
    z[k + 1] = z1;
    z[k + 2] = z2;
    z[k + 3] = z3;
  }
  for (; k < z.length; k++) {
    let zk = z[k];
    for (let i = 0; i < count; i++) zk += weights[rows[i] + k] * scale;
    z[k] = zk;
  }
}

export function compileScorer(harm: BinaryWeights, cats: SoftmaxWeights): CompiledScorer {
  const vocab = new Vocabulary([...harm.weights.keys(), ...cats.weights.keys()]);
  const size = vocab.strings.length;
  const K = cats.labels.length;
  const harmWeight = new Float64Array(size);
  const inHarm = new Uint8Array(size);
  // The category weights of id i from i * K: one flat array instead of one per feature.
  const catWeight = new Float64Array(size * K);
  const inCats = new Uint8Array(size);
  vocab.strings.forEach((f, id) => {
    const w = harm.weights.get(f);
    if (w !== undefined) {
      harmWeight[id] = w;
      inHarm[id] = 1;
    }
    const c = cats.weights.get(f);
    if (c !== undefined) {
      catWeight.set(c, id * K);
      inCats[id] = 1;
    }
  });
  // Per-call scratch: each id counts once per text, in the order found; distinct characters and stems.
  const seen = new StampSet(size);
  let order = new Int32Array(256);
  let count = 0;
  const bmpSeen = new StampSet(0x10000);
  // Sets made anew per text (when needed), never cleared: a long-lived Set's tables are allocated in
  // the old generation on every clear and growth, and were most of what the worker promoted.
  let astralSeen: Set<number> | null = null;
  let hanChars = 0;
  const knownStemSeen = new StampSet(vocab.stemIds.length);
  let otherStemSeen: Set<string> | null = null;
  let stems = 0;
  /** The number of the stem visited last, NONE when it is in no feature. */
  let lastStem = NONE;
  let cps = new Int32Array(256);
  let pairs = new Int32Array(256);
  let rows = new Int32Array(256);
  // The text's Chinese runs and where each starts: all are cut before the scan, in one call into jieba.
  const runs: string[] = [];
  const runStarts: number[] = [];
  const catBias = Float64Array.from(cats.bias);
  const z = new Float64Array(K);

  // The harm head's words, for a bound without cutting words.
  const knownWords = new Map<string, number>();
  for (const [word, id] of vocab.words) if (inHarm[id] === 1) knownWords.set(word, harmWeight[id]);
  const wordBound = new WordBound(knownWords, (a, b) => vocab.pairs.get(a, b));

  // The ids of a remembered run's known jieba words (cutHanRuns freezes the lists it remembers), kept
  // as long as it keeps the words; a list used once is looked up word by word instead (scanHan): an
  // entry for it would cost the collector more than the lookups it saves.
  const wordIdsOf = new WeakMap<readonly string[], Int32Array>();
  const wordIds = (words: readonly string[]): Int32Array => {
    let ids = wordIdsOf.get(words);
    if (ids === undefined) {
      ids = Int32Array.from(words.map((w) => vocab.words.get(w) ?? NONE).filter((id) => id !== NONE));
      wordIdsOf.set(words, ids);
    }
    return ids;
  };

  const add = (id: number | undefined): void => {
    if (id === undefined || id === NONE || !seen.add(id)) return;
    order = withRoom(order, count + 1);
    order[count++] = id;
  };

  const countHan = (cp: number): void => {
    if (cp < 0x10000 ? bmpSeen.add(cp) : !(astralSeen ??= new Set()).has(cp) && astralSeen.add(cp)) hanChars++;
  };

  // features() order within a Chinese run: jieba words, characters, the lone character of a run of
  // one, pairs, triples. `words` null: the run's words are left out, and the known ones occurring in
  // it are counted instead, from its characters and pairs (bound).
  const scanHan = (run: string, words: readonly string[] | null): void => {
    // A run cut for this text only is looked up word by word; a remembered one's ids are kept.
    if (words !== null && !Object.isFrozen(words)) for (let i = 0; i < words.length; i++) add(vocab.words.get(words[i]));
    else if (words !== null) for (const id of wordIds(words)) add(id);
    cps = withRoom(cps, run.length);
    let n = 0;
    for (let i = 0; i < run.length; n++) {
      const cp = run.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      cps[n] = cp;
      countHan(cp);
      add(vocab.units.get(cp));
    }
    if (n === 1) add(vocab.singles.get(cps[0]));
    // Each pair is looked up once: its number also keys the triples that start with it.
    pairs = withRoom(pairs, n);
    for (let i = 0; i + 1 < n; i++) {
      pairs[i] = vocab.pairs.get(cps[i], cps[i + 1]);
      if (pairs[i] !== NONE) add(vocab.pairIds[pairs[i]]);
    }
    for (let i = 0; i + 2 < n; i++) if (pairs[i] !== NONE) add(vocab.triples.get(pairs[i], cps[i + 2]));
    if (words === null) wordBound.addRun(cps, pairs, n);
  };

  // The stem number of each stem-cache slot, looked up once per token instead of once per occurrence
  // (the Map lookup of the stem was the largest cost of an English text); 512 KB per scorer.
  const slotNumbers = new Int32Array(STEM_SLOTS).fill(UNKNOWN);
  let slotsOfClears = stemCacheClears();
  const stemNumber = (s: string, slot: number): number => {
    if (slotsOfClears !== stemCacheClears()) {
      slotNumbers.fill(UNKNOWN);
      slotsOfClears = stemCacheClears();
    }
    if (slotNumbers[slot] === UNKNOWN) slotNumbers[slot] = vocab.stemNumbers.get(s) ?? NONE;
    return slotNumbers[slot];
  };

  // features() order between runs: each stem, then the pair it closes.
  const visitStem = (s: string, previous: string | undefined, slot: number): void => {
    const n = stemNumber(s, slot);
    if (n === NONE) {
      otherStemSeen ??= new Set();
      if (!otherStemSeen.has(s)) {
        otherStemSeen.add(s);
        stems++;
      }
    } else {
      if (knownStemSeen.add(n)) stems++;
      add(vocab.stemIds[n]);
      // `previous` is the stem visited last, so lastStem is its number.
      if (previous !== undefined && lastStem !== NONE) add(vocab.stemPairs.get(lastStem, n));
    }
    lastStem = n;
  };
  const scanLatin = (text: string, from: number, to: number): void => forEachStem(text, visitStem, from, to);

  // The text being scored, prepared and cut into its Chinese runs once for bound and scan.
  let preparedFrom: string | null = null;
  let prepared = '';
  const prepare = (text: string): void => {
    if (text === preparedFrom) return;
    prepared = prepareText(text);
    runs.length = 0;
    runStarts.length = 0;
    hanRuns(prepared, runs, runStarts);
    preparedFrom = text;
  };

  // Collects the ids of the prepared text's known features in features() order (no word ids when
  // `words` is null), with its distinct characters and stems.
  const walk = (words: ReadonlyArray<readonly string[]> | null): void => {
    seen.next();
    bmpSeen.next();
    count = 0;
    hanChars = 0;
    astralSeen = null;
    knownStemSeen.next();
    otherStemSeen = null;
    stems = 0;
    let last = 0;
    for (let r = 0; r < runs.length; r++) {
      if (runStarts[r] > last) scanLatin(prepared, last, runStarts[r]);
      scanHan(runs[r], words === null ? null : words[r]);
      last = runStarts[r] + runs[r].length;
    }
    if (last < prepared.length) scanLatin(prepared, last, prepared.length);
  };

  const scan = (text: string): Scan => {
    prepare(text);
    walk(cutHanRuns(runs));
    let harmCount = 0;
    for (let i = 0; i < count; i++) harmCount += inHarm[order[i]];
    const hv = featureValue(harmCount);
    let harmLogit = harm.bias;
    for (let i = 0; i < count; i++) if (inHarm[order[i]] === 1) harmLogit += harmWeight[order[i]] * hv;
    return { harmLogit, hanChars, stems };
  };

  const bound = (text: string): Scan => {
    prepare(text);
    wordBound.reset();
    walk(null);
    // The log-odds is bias + (S + W) · fv(c + m), for S and c the weight sum and number of the known
    // features other than words, W the words' weight sum (at most `positive`) and m their number (at
    // most `count`). fv (featureValue) falls as its count grows from 1, and is 0 at 0 only when
    // there are no known features at all (and then S + positive = 0, the first case).
    let s = 0;
    let c = 0;
    for (let i = 0; i < count; i++) {
      if (inHarm[order[i]] === 0) continue;
      s += harmWeight[order[i]];
      c++;
    }
    const top = s + wordBound.positive;
    const harmLogit = harm.bias + (top >= 0 ? top * featureValue(Math.max(c, 1)) : top * featureValue(c + wordBound.count));
    return { harmLogit, hanChars, stems };
  };

  // As softmaxProbabilities over the features the category head knows, of the text scanned last.
  const categories = (): number[] => {
    rows = withRoom(rows, count);
    let catCount = 0;
    for (let i = 0; i < count; i++) if (inCats[order[i]] === 1) rows[catCount++] = order[i] * K;
    z.set(catBias);
    addRows({ z, weights: catWeight, rows, count: catCount, scale: featureValue(catCount) });
    return softmax(z);
  };

  return { scan, bound, categories, rawScores: (text) => ({ ...scan(text), categories: categories() }) };
}
