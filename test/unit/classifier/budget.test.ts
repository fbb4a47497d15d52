import type { LabelledRow } from '../../../src/classifier/dataset';
import { BUDGET_CANDIDATES, chooseBudgets, nestedMetrics, wilsonUpper, type BudgetSearch } from '../../../src/classifier/budget';
import type { Cells } from '../../../src/classifier/model';
import { rocAuc } from '../../../src/classifier/train';

describe('wilsonUpper', () => {
  it('bounds a rate from above, and more loosely on fewer rows', () => {
    expect(wilsonUpper(0, 100)).toBeGreaterThan(0);
    expect(wilsonUpper(5, 100)).toBeGreaterThan(0.05);
    expect(wilsonUpper(50, 1000)).toBeLessThan(wilsonUpper(5, 100));
    // By hand: p = 0.02, n = 100, z = 1.645 → (0.02 + z²/200 + z·√(p(1−p)/n + z²/40000)) / (1 + z²/100) ≈ 0.0587.
    expect(wilsonUpper(2, 100)).toBeCloseTo(0.0587, 3);
    expect(wilsonUpper(0, 0)).toBe(1);
  });
});

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.1, 0.6, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.75);
  });
});

/**
 * One cell, one key; a row is blocked when its score reaches the cut. The cut "chosen" on the train
 * rows is the lowest score that keeps their false-positive rate within the budget — so a budget
 * that the train rows just meet over-spends on the test rows, which nested validation must see.
 */
function search(benign: number[], harmful: number[], folds = 5): BudgetSearch {
  const row = (label: 'harmful' | 'benign'): LabelledRow => ({ text: 'x', label, category: 'A.1.f', lang: 'en', file: 't', stage: 'input', heldOut: false });
  const rows = [...benign.map(() => row('benign')), ...harmful.map(() => row('harmful'))];
  const z = [...benign, ...harmful];
  const fold = rows.map((_, i) => i % folds);
  return {
    rows,
    copies: 1,
    splits: Array.from({ length: folds }, (_, k) => ({ train: (i: number) => fold[i] !== k, test: (i: number) => fold[i] === k })),
    cutsFor: (inTrain, budget): Cells => {
      const b = rows.map((_, i) => i).filter((i) => inTrain(i) && rows[i].label === 'benign').map((i) => z[i]).sort((a, c) => c - a);
      const allowed = Math.floor((budget['en/input'] ?? 0) * b.length + 1e-9);
      return { '*': allowed < b.length ? b[allowed] + 1e-9 : -Infinity };
    },
    blocked: (i, cuts) => z[i] >= cuts['*'],
  };
}

describe('nested validation of the false-positive budget', () => {
  // 400 benign scores spread over [0, 1), 100 harmful ones above them.
  const benign = Array.from({ length: 400 }, (_, i) => ((i * 37) % 400) / 400);
  const harmful = Array.from({ length: 100 }, (_, i) => 1 + i / 100);

  it('counts false positives and hits of cuts chosen without each row', () => {
    const m = nestedMetrics(search(benign, harmful), { 'en/input': 0.03 })['en/input'];
    expect(m.benign).toBe(400);
    expect(m.harmful).toBe(100);
    expect(m.hits).toBe(100);
    expect(m.fp / m.benign).toBeGreaterThan(0.02);
    expect(m.fp / m.benign).toBeLessThan(0.04);
  });

  it('picks the largest budget whose upper bound stays within 5%, and less on fewer rows', () => {
    const chosen = chooseBudgets(search(benign, harmful))['en/input'];
    expect(chosen).toBeGreaterThan(BUDGET_CANDIDATES[0]);
    const m = nestedMetrics(search(benign, harmful), { 'en/input': chosen })['en/input'];
    expect(m.upper).toBeLessThanOrEqual(0.05);
    const next = BUDGET_CANDIDATES[BUDGET_CANDIDATES.indexOf(chosen) + 1];
    expect(nestedMetrics(search(benign, harmful), { 'en/input': next })['en/input'].upper).toBeGreaterThan(0.05);
    const few = chooseBudgets(search(benign.slice(0, 100), harmful))['en/input'];
    expect(few).toBeLessThan(chosen);
  });

  it('counts a text scored in several repeats once in the bound', () => {
    const s = search(benign, harmful);
    const once = nestedMetrics(s, { 'en/input': 0.03 })['en/input'];
    const asTwoCopies = nestedMetrics({ ...s, copies: 2 }, { 'en/input': 0.03 })['en/input'];
    expect(asTwoCopies.upper).toBeGreaterThan(once.upper);
  });
});
