/**
 * The benchmark's policy-parts section (bench/lib/lanes.ts): each gateway must load exactly its
 * part of the default rules, or the section would price the wrong thing; and the rotating order must
 * put every target first once in as many rounds as there are targets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LANES, rulesForLane, type Lane } from '../../bench/lib/lanes';
import { rotated } from '../../bench/lib/rounds';
import { loadRuleSet } from '../../src/policy/rules';

const RULES = path.resolve(__dirname, '..', '..', 'rules');

describe('bench policy parts', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  const load = (lane: Lane) => {
    const dir = rulesForLane(RULES, lane);
    made.push(dir);
    return loadRuleSet(dir);
  };

  test('each lane loads only its detectors; the rest of the policy is the default one', () => {
    const base = loadRuleSet(RULES);
    const parts = Object.fromEntries(LANES.map((lane) => [lane, load(lane)]));
    const shape = (r: ReturnType<typeof loadRuleSet>) => ({ keywords: r.keywords.length > 0, regexes: r.regexes.length > 0, classifier: r.classifierModel !== undefined });
    expect(shape(parts.none)).toEqual({ keywords: false, regexes: false, classifier: false });
    expect(shape(parts.rules)).toEqual({ keywords: true, regexes: true, classifier: false });
    expect(shape(parts.classifier)).toEqual({ keywords: false, regexes: false, classifier: true });
    expect(shape(parts.default)).toEqual({ keywords: true, regexes: true, classifier: true });
    expect(parts.rules.keywords.length).toBe(base.keywords.length);
    expect(parts.rules.regexes.length).toBe(base.regexes.length);
    for (const lane of LANES) {
      expect(parts[lane].policy.rules).toEqual(base.policy.rules);
      expect(parts[lane].policy.rules.length).toBeGreaterThan(0);
      expect(parts[lane].policy.mode).toBe(base.policy.mode);
    }
  });

  test('the rotating order puts each target first once and keeps every target in every round', () => {
    const targets = ['bare', ...LANES];
    const rounds = targets.map((_, i) => rotated(targets, i));
    expect(new Set(rounds.map((r) => r[0])).size).toBe(targets.length);
    for (const r of rounds) expect([...r].sort()).toEqual([...targets].sort());
    expect(rotated(targets, targets.length)).toEqual(targets);
  });
});
