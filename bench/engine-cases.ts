/**
 * The engines under comparison, each behind one interface, and the measurement one child process
 * runs for one engine (so build time, throughput and memory are not disturbed by the others).
 */
import FastScanner from 'fastscan';
import Mint from 'mint-filter';
import { AhoCorasick } from '../src/detectors/aho-corasick';
import { createKeywordDetector } from '../src/detectors/keyword';
import { latinVariants } from '../src/policy/keyword-expand';
import type { KeywordEntry } from '../src/policy/keywords-file';
import { normalize, normalizeText } from '../src/policy/normalize';
import { syntheticKeywords, syntheticText } from './engine-data';

export interface Scanner {
  /** Returns the number of matches, so the work cannot be optimised away. */
  scan(text: string): number;
}

export interface EngineCase {
  name: string;
  description: string;
  build(keywords: string[]): Scanner;
}

/** Entries as the keyword-file loader builds them (English ones with their spelling variants). */
function entriesOf(keywords: string[]): KeywordEntry[] {
  return keywords.map((k, i) => {
    const cjk = /[\u3400-\u9fff]/.test(k);
    const text = normalizeText(k);
    const entry: KeywordEntry = { id: `kw:bench:${i + 1}`, category: 'A.1.f', lang: cjk ? 'zh' : 'en', severity: 'high', text, boundary: cjk ? 'none' : 'word' };
    const variants = cjk ? [] : latinVariants(text);
    if (variants.length > 0) entry.variants = variants;
    return entry;
  });
}

export const CASES: EngineCase[] = [
  {
    name: 'ours-full',
    description: 'compliance-gateway keyword detector, everything on: normalization (NFKC, case, invisibles, homoglyphs, traditional→simplified, leetspeak, repeats, spaced-out letters), bounded noise skip, word boundaries, reversed keywords and the English spelling variants the loader adds, decode-and-rescan, spans mapped to the original',
    build(keywords) {
      const detector = createKeywordDetector({ entries: entriesOf(keywords) });
      const signal = new AbortController().signal;
      return { scan: (text) => (detector.detect([{ path: 't', text }], signal) as unknown[]).length };
    },
  },
  {
    name: 'ours-normalize-only',
    description: 'compliance-gateway normalization alone (offset map included), no matching',
    build() {
      return { scan: (text) => normalize(text).codes.length };
    },
  },
  {
    name: 'ours-automaton',
    description: 'compliance-gateway automaton alone, normalization off: typed-array Aho-Corasick with every overlapping match, on the raw text',
    build(keywords) {
      const ac = new AhoCorasick(keywords);
      return { scan: (text) => ac.search(text).length };
    },
  },
  {
    name: 'mint-filter',
    description: 'mint-filter 4 (npm), filter(text, { replace: false }): lower-cases each character, no other normalization',
    build(keywords) {
      const mint = new Mint(keywords);
      return { scan: (text) => mint.filter(text, { replace: false }).words.length };
    },
  },
  {
    name: 'fastscan',
    description: 'fastscan 1 (npm), search(text): plain Aho-Corasick, no normalization',
    build(keywords) {
      const scanner = new FastScanner(keywords);
      return { scan: (text) => scanner.search(text).length };
    },
  },
];

export interface CaseResult {
  engine: string;
  description: string;
  keywords: number;
  buildMs: number;
  text100k: { chars: number; charsPerSec: number; matches: number };
  prompts2k: { count: number; chars: number; charsPerSec: number };
  rssMb: { afterBuild: number; afterScan: number; baseline: number };
  heapUsedMb: number;
  /** Per-round figures, when this result is a median over rounds. */
  rounds?: { text100k: number; prompts2k: number; buildMs: number }[];
}

/** Runs `fn` repeatedly for at least `minMs` (after one warm-up call); returns calls per second. */
function rate(fn: () => void, minMs: number): number {
  fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    calls++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (calls * 1000) / elapsed;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export function measureCase(name: string, opts: { keywords: number; quick: boolean }): CaseResult {
  const engine = CASES.find((c) => c.name === name);
  if (!engine) throw new Error(`unknown engine ${name}`);
  const keywords = syntheticKeywords(opts.keywords);
  const text = syntheticText(100_000, keywords);
  const promptSource = syntheticText(100_000, keywords, 3);
  const prompts = Array.from({ length: 50 }, (_, i) => promptSource.slice(i * 2000, (i + 1) * 2000));
  normalize('warm up the folding tables'); // built once per process, not per engine
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const scanner = engine.build(keywords);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc?.();
  const afterBuild = process.memoryUsage().rss;
  const minMs = opts.quick ? 300 : 1000;
  const matches = scanner.scan(text);
  // Two measurements each, alternating; the better one counts (interference only ever slows).
  const textRates: number[] = [];
  const promptRates: number[] = [];
  for (let r = 0; r < 2; r++) {
    textRates.push(rate(() => scanner.scan(text), minMs) * text.length);
    promptRates.push(rate(() => prompts.forEach((p) => scanner.scan(p)), minMs) * prompts.length * 2000);
  }
  return {
    engine: name,
    description: engine.description,
    keywords: keywords.length,
    buildMs: Math.round(buildMs),
    text100k: { chars: text.length, charsPerSec: Math.round(Math.max(...textRates)), matches },
    prompts2k: { count: prompts.length, chars: 2000, charsPerSec: Math.round(Math.max(...promptRates)) },
    rssMb: { afterBuild: mb(afterBuild), afterScan: mb(process.memoryUsage().rss), baseline: mb(baseline) },
    heapUsedMb: mb(process.memoryUsage().heapUsed),
  };
}
