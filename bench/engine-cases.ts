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
  /** Wall-clock build time, and CPU time (all threads: garbage collection included). */
  buildMs: number;
  buildCpuMs: number;
  /** chars/s of CPU time (compared) and of wall-clock time (includes waiting for a core). */
  text100k: { chars: number; charsPerSec: number; wallCharsPerSec: number; matches: number };
  prompts2k: { count: number; chars: number; charsPerSec: number; wallCharsPerSec: number };
  rssMb: { afterBuild: number; afterScan: number; baseline: number };
  heapUsedMb: number;
  /** Per-round figures, when this result is a median over rounds. */
  rounds?: { text100k: number; prompts2k: number; buildMs: number }[];
}

/**
 * Runs `fn` repeatedly for at least `minMs` of the process's CPU time (after one warm-up call);
 * returns calls per second of CPU time and of wall-clock time. The machine is shared: wall-clock
 * time also counts the time the process waited for a core, CPU time only the work (all of the
 * process's threads, garbage collection included), so CPU-time figures are the ones compared.
 */
function rate(fn: () => void, minMs: number): { cpu: number; wall: number } {
  fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let cpuMs = 0;
  while (cpuMs < minMs) {
    fn();
    calls++;
    const used = process.cpuUsage(cpuStart);
    cpuMs = (used.user + used.system) / 1000;
  }
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { cpu: (calls * 1000) / cpuMs, wall: (calls * 1000) / wallMs };
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
  const cpu0 = process.cpuUsage();
  const scanner = engine.build(keywords);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const buildCpu = process.cpuUsage(cpu0);
  global.gc?.();
  const afterBuild = process.memoryUsage().rss;
  const minMs = opts.quick ? 300 : 1000;
  const matches = scanner.scan(text);
  // Two measurements each, alternating; the better one counts (interference only ever slows).
  const textRates: { cpu: number; wall: number }[] = [];
  const promptRates: { cpu: number; wall: number }[] = [];
  for (let r = 0; r < 2; r++) {
    const t = rate(() => scanner.scan(text), minMs);
    textRates.push({ cpu: t.cpu * text.length, wall: t.wall * text.length });
    const p = rate(() => prompts.forEach((x) => scanner.scan(x)), minMs);
    promptRates.push({ cpu: p.cpu * prompts.length * 2000, wall: p.wall * prompts.length * 2000 });
  }
  return {
    engine: name,
    description: engine.description,
    keywords: keywords.length,
    buildMs: Math.round(buildMs),
    buildCpuMs: Math.round((buildCpu.user + buildCpu.system) / 1000),
    text100k: { chars: text.length, charsPerSec: Math.round(Math.max(...textRates.map((x) => x.cpu))), wallCharsPerSec: Math.round(Math.max(...textRates.map((x) => x.wall))), matches },
    prompts2k: { count: prompts.length, chars: 2000, charsPerSec: Math.round(Math.max(...promptRates.map((x) => x.cpu))), wallCharsPerSec: Math.round(Math.max(...promptRates.map((x) => x.wall))) },
    rssMb: { afterBuild: mb(afterBuild), afterScan: mb(process.memoryUsage().rss), baseline: mb(baseline) },
    heapUsedMb: mb(process.memoryUsage().heapUsed),
  };
}
