/**
 * Features for the local classifier, for Chinese and English in the same text. Chinese runs are
 * segmented with jieba (dictionary loaded once per process) and also cut into characters, character
 * bigrams and trigrams, so a word jieba splits differently ("自制炸药" vs "自制 炸药") still shares
 * features, and slang jieba does not know ("黑鬼", "地域黑") is still seen; Latin runs use the words
 * of natural's WordTokenizer (scanned by hand, see isWordUnit) and its Porter stemmer, plus stem
 * bigrams that carry intent ("make bomb").
 * Features are prefixed by kind (w: jieba word, u: Han character, c: Han bigram, t: Han trigram,
 * e: English stem, b: stem bigram) so the kinds never collide. Returned features are unique: the
 * models use presence, not counts. Measured by 5-fold cross-validation on the training split
 * (README "Classifier"): characters and trigrams raise the Chinese ROC AUC from 0.838 to 0.850.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { PorterStemmer } from 'natural';
import { ownCopy } from '../util/own-copy';

let jieba: Jieba | undefined;

/** Loading the dictionary takes ~100 ms: do it once, on first use. */
export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const JIEBA_CACHE_LIMIT = 20_000;
const JIEBA_CACHE_MAX_CHARS = 512;
const jiebaCache = new Map<string, readonly string[]>();

/**
 * Runs are remembered from their second sighting on. Most runs of a new prompt never come again
 * (a chat's resent turns skip the detectors altogether, see policy/resent-cache.ts), and remembering
 * each one cost more than it saved: every entry outlived a scavenge and was copied (ab.js, prompts
 * the gateway had not seen: 3% less CPU per request without the cache). What a run's hash was seen
 * before admits it; two runs that share a slot only change when one is admitted.
 */
const SIGHTED_SLOTS = 65_536;
const sighted = new Int32Array(SIGHTED_SLOTS);

function seenBefore(run: string): boolean {
  let h = 0;
  for (let i = 0; i < run.length; i++) h = addToHash(h, run.charCodeAt(i));
  // Never 0, the value of a slot nothing was seen in.
  const mark = tokenHash(h) | 1;
  const slot = (mark >>> 1) & (SIGHTED_SLOTS - 1);
  if (sighted[slot] === mark) return true;
  sighted[slot] = mark;
  return false;
}

function remember(run: string, words: string[]): void {
  if (run.length > JIEBA_CACHE_MAX_CHARS || !seenBefore(run)) return;
  if (jiebaCache.size >= JIEBA_CACHE_LIMIT) jiebaCache.clear();
  // Frozen: every later caller gets this list, and the compiled scorer keys a memo by it.
  jiebaCache.set(ownCopy(run), Object.freeze(words));
}

/**
 * Joins the runs given to jieba in one call. jieba cuts its input into blocks of Han characters (and
 * ASCII letters, digits and a few signs) and segments each block on its own; a newline is in no block
 * and comes back as a word of its own, and a run (\p{Script=Han}+) holds no newline, so each run is
 * cut exactly as alone (test/unit/classifier/tokenize-batch.test.ts).
 */
const RUN_SEPARATOR = '\n';

/**
 * jieba's words of each Chinese run (a match of HAN_RUN), with one call into jieba for all the runs
 * not remembered (a 2 KB Chinese prompt has some fifty runs, and a call costs more than the words it
 * cuts). Words are remembered for runs up to 512 characters seen twice (the compiled scorer's path:
 * a system prompt every user of an app sends, overlapping windows of a stream). Never modify the result.
 */
export function cutHanRuns(runs: readonly string[]): ReadonlyArray<readonly string[]> {
  const out: Array<readonly string[]> = [];
  const missing: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    const words = jiebaCache.get(runs[i]);
    if (words === undefined) missing.push(i);
    out.push(words ?? []);
  }
  if (missing.length === 0) return out;
  const joined = missing.map((i) => runs[i]).join(RUN_SEPARATOR);
  const cut: string[][] = missing.map(() => []);
  let k = 0;
  for (const word of segmenter().cut(joined, false)) {
    if (word === RUN_SEPARATOR) k++;
    else cut[k].push(word);
  }
  missing.forEach((i, j) => {
    out[i] = cut[j];
    remember(runs[i], cut[j]);
  });
  return out;
}

export const HAN_RUN = /\p{Script=Han}+/gu;
const STEM_CACHE_LIMIT = 50_000;
/** A power of two; the limit keeps the table at most 40% full. */
const STEM_TABLE_SIZE = 131_072;

/**
 * Porter stems by token, bounded (emptied when full): the hot path sees the same everyday words again
 * and again. Keyed by a hash the word scanner computes as it reads a token, so a token seen before
 * costs no string: slicing it and hashing the slice for a Map lookup were the largest cost of an
 * English text. Open addressing with linear probing.
 */
class StemCache {
  private readonly hashes = new Int32Array(STEM_TABLE_SIZE);
  private readonly tokens: (string | undefined)[] = new Array<string | undefined>(STEM_TABLE_SIZE).fill(undefined);
  readonly stems: string[] = new Array<string>(STEM_TABLE_SIZE).fill('');
  private size = 0;
  /** How many times the cache was emptied: a slot holds the same token from its first use until the next. */
  clears = 0;

  /** The slot of text[start, end), whose tokenHash is `hash`, its stem computed on first sight. */
  slot(text: string, start: number, end: number, hash: number): number {
    const mask = this.hashes.length - 1;
    let i = hash & mask;
    for (let t = this.tokens[i]; t !== undefined; t = this.tokens[(i = (i + 1) & mask)]) {
      if (this.hashes[i] === hash && t.length === end - start && text.startsWith(t, start)) return i;
    }
    if (this.size >= STEM_CACHE_LIMIT) {
      this.clear();
      i = hash & mask;
    }
    const token = ownCopy(text.slice(start, end));
    this.size++;
    this.hashes[i] = hash;
    this.tokens[i] = token;
    this.stems[i] = PorterStemmer.stem(token);
    return i;
  }

  clear(): void {
    this.tokens.fill(undefined);
    this.size = 0;
    this.clears++;
  }
}

const stemCache = new StemCache();

/** A token's hash, built one UTF-16 unit at a time (h = addToHash(h, c), from 0) and finished by tokenHash. */
const addToHash = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;

function tokenHash(h: number): number {
  const x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return x ^ (x >>> 13);
}

/** NFKC (full-width letters fold), lower case, invisible characters removed. */
export function prepareText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufe00-\ufe0f]/g, '');
}

function hanFeatures(run: string): string[] {
  const out: string[] = [];
  for (const word of segmenter().cut(run, false)) out.push(`w:${word}`);
  const chars = Array.from(run);
  for (const c of chars) out.push(`u:${c}`);
  if (chars.length === 1) out.push(`c:${chars[0]}`);
  for (let i = 0; i + 1 < chars.length; i++) out.push(`c:${chars[i]}${chars[i + 1]}`);
  for (let i = 0; i + 2 < chars.length; i++) out.push(`t:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  return out;
}

/**
 * natural's WordTokenizer splits on /[^A-Za-zА-Яа-я0-9_]+/ and drops the empty pieces, so its tokens
 * are the maximal runs of these UTF-16 units (Ё, ё and other letters split words). Scanned by hand:
 * the regex split and the filter of empty pieces took half the time of forEachStem on English text.
 */
function isWordUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x410 && c <= 0x44f);
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Stem-cache slots are numbers below this. */
export const STEM_SLOTS = STEM_TABLE_SIZE;

/** Changes whenever the stem cache is emptied, and with it what its slots hold. */
export const stemCacheClears = (): number => stemCache.clears;

/**
 * The stems of a Latin piece (text[from, to), default all of it), in order, each with the stem before
 * it (undefined after a dropped token, so no pair spans it) and the token's slot in the stem cache
 * (the same for the same token while stemCacheClears() stays the same). The one token filter of
 * features() and the compiled scorer, which passes the bounds of each piece instead of a slice (a
 * sliced string costs a copy or slower character reads).
 */
export function forEachStem(text: string, visit: (s: string, previous: string | undefined, slot: number) => void, from = 0, to = text.length): void {
  let previous: string | undefined;
  const n = to;
  for (let i = from; i < n; ) {
    if (!isWordUnit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let digits = true;
    let h = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isWordUnit(c)) break;
      digits &&= isDigit(c);
      h = addToHash(h, c);
    }
    // Numbers and single letters carry no intent and bloat the vocabulary.
    if (i - start < 2 || digits) {
      previous = undefined;
      continue;
    }
    const slot = stemCache.slot(text, start, i, tokenHash(h));
    const s = stemCache.stems[slot];
    visit(s, previous, slot);
    previous = s;
  }
}

function latinFeatures(text: string): string[] {
  const out: string[] = [];
  forEachStem(text, (s, previous) => {
    out.push(`e:${s}`);
    if (previous) out.push(`b:${previous}_${s}`);
  });
  return out;
}

/**
 * Features of a Chinese run or of the text between two, remembered for short pieces: jieba is most
 * of the cost of scoring, and chat requests resend the same system prompt and earlier turns on
 * every call. Bounded like the stem cache; the cached lists are never modified.
 */
const PIECE_CACHE_LIMIT = 20_000;
const PIECE_CACHE_MAX_CHARS = 512;
const pieceCache = new Map<string, readonly string[]>();

function addPiece(piece: string, han: boolean, out: Set<string>): void {
  let feats = pieceCache.get(piece);
  if (feats === undefined) {
    feats = han ? hanFeatures(piece) : latinFeatures(piece);
    if (piece.length <= PIECE_CACHE_MAX_CHARS) {
      if (pieceCache.size >= PIECE_CACHE_LIMIT) pieceCache.clear();
      pieceCache.set(ownCopy(piece), feats);
    }
  }
  // The same insertion order as before the cache: scores sum features in this order.
  for (const f of feats) out.add(f);
}

/** Empties the stem, piece and jieba caches: benchmarks measure text the process has not seen. */
export function clearFeatureCaches(): void {
  stemCache.clear();
  pieceCache.clear();
  jiebaCache.clear();
  sighted.fill(0);
}

/** The unique features of one text (any mix of Chinese and English). */
export function features(text: string): string[] {
  const prepared = prepareText(text);
  const out = new Set<string>();
  let last = 0;
  for (const m of prepared.matchAll(HAN_RUN)) {
    if (m.index > last) addPiece(prepared.slice(last, m.index), false, out);
    addPiece(m[0], true, out);
    last = m.index + m[0].length;
  }
  if (last < prepared.length) addPiece(prepared.slice(last), false, out);
  return [...out];
}
