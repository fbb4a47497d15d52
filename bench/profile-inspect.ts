/**
 * In-process profile of `engine.inspect` on the input stage, per detector and per pattern rule, on
 * the benchmark's benign prompts (bench/lib/prompts.ts) with the default rules. A program, not a
 * test: `npx tsc -p tsconfig.bench.json && node dist-bench/bench/profile-inspect.js [--sizes 2000,20000]`.
 * Prints median milliseconds per call; the machine is shared, so compare figures of one run.
 */
import path from 'node:path';
import { classifierDetectors } from '../src/classifier/lanes';
import { createKeywordDetector } from '../src/detectors/keyword';
import { createRegexDetector } from '../src/detectors/regex';
import { createEngine } from '../src/policy/engine';
import { lexiconVersion } from '../src/policy/keywords-file';
import { normalize } from '../src/policy/normalize';
import { loadRuleSet } from '../src/policy/rules';
import type { Segment } from '../src/types';
import { promptText } from './lib/prompts';

const ROOT = path.resolve(__dirname, '..', '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** Median ms of `fn` over enough calls to fill ~`budgetMs` (at least 5), after a warm-up. */
async function median(fn: () => unknown, budgetMs = 300): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  while (times.length < 5 || (performance.now() < end && times.length < 2000)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fmt = (ms: number): string => ms.toFixed(3).padStart(8);

async function main(): Promise<void> {
  const sizes = arg('--sizes', '2000,20000').split(',').map(Number);
  const ruleSet = loadRuleSet(path.join(ROOT, 'rules'));
  const engine = createEngine(ruleSet);
  const keyword = createKeywordDetector({ entries: ruleSet.keywords, lexicon: lexiconVersion(ruleSet.dir, ruleSet.revision) });
  const regex = createRegexDetector({ rules: ruleSet.regexes, stage: 'input' });
  const classifiers = classifierDetectors(ruleSet).filter((d) => d.stages.includes('input'));
  const inputRules = ruleSet.regexes.filter((r) => r.stages.includes('input'));
  const signal = new AbortController().signal;
  const rows: Array<[string, ...number[]]> = [];
  const perRule: Array<[string, ...number[]]> = inputRules.map((r) => [r.id]);
  for (const size of sizes) {
    const segments: Segment[] = [{ path: 'messages[0].content', role: 'user', text: promptText(size) }];
    const text = segments[0].text;
    const cells: Array<[string, number]> = [
      ['normalize', await median(() => normalize(text))],
      ['keyword', await median(() => keyword.detect(segments, signal))],
      ['regex', await median(() => regex.detect(segments, signal))],
      ...(await Promise.all(classifiers.map(async (c): Promise<[string, number]> => [c.id, await median(() => c.detect(segments, signal))]))),
      ['engine.inspect (whole)', await median(() => engine.inspect(segments, 'input'))],
    ];
    cells.forEach(([label, ms], i) => {
      rows[i] ??= [label];
      rows[i].push(ms);
    });
    for (const [i, rule] of inputRules.entries()) {
      const one = createRegexDetector({ rules: [rule], stage: 'input' });
      perRule[i].push(await median(() => one.detect(segments, signal), 40));
    }
  }
  const header = `${'ms per call (median)'.padEnd(34)}${sizes.map((s) => `${s} B`.padStart(9)).join('')}`;
  process.stdout.write(`${header}\n${rows.map(([l, ...v]) => `${l.padEnd(34)}${v.map((x) => ` ${fmt(x)}`).join('')}`).join('\n')}\n`);
  const sum = sizes.map((_, i) => perRule.reduce((s, r) => s + (r[i + 1] as number), 0));
  process.stdout.write(`\nregex rules run one at a time (sum ${sum.map((s) => s.toFixed(2)).join(' / ')} ms), top 10 at the largest size:\n`);
  const last = sizes.length;
  for (const [id, ...v] of [...perRule].sort((a, b) => (b[last] as number) - (a[last] as number)).slice(0, 10)) {
    process.stdout.write(`  ${id.padEnd(32)}${v.map((x) => ` ${fmt(x)}`).join('')}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
