import type { LabelledRow } from '../../../src/classifier/dataset';
import { cellMetrics, chooseCuts, cutGroup, cutKey, groupOf, type Scored } from '../../../src/classifier/thresholds';

function row(label: 'harmful' | 'benign', lang: 'zh' | 'en' = 'en'): LabelledRow {
  return { text: 'x', label, category: label === 'benign' ? 'benign' : 'A.1.f', lang, file: 't.jsonl', stage: 'input', heldOut: false };
}

/** n rows of one label and key, with raw scores spread evenly over [from, to]. */
function spread(n: number, label: 'harmful' | 'benign', key: string, from: number, to: number, lang: 'zh' | 'en' = 'en'): Scored[] {
  return Array.from({ length: n }, (_, i) => ({ row: row(label, lang), z: from + ((to - from) * i) / Math.max(1, n - 1), key }));
}

describe('groups and keys', () => {
  it('maps taxonomy codes to the policy groups and "benign" to its own', () => {
    expect(groupOf('A.1.f')).toBe('A.1.*');
    expect(groupOf('prompt_attack.jailbreak')).toBe('prompt_attack.*');
    expect(groupOf('secret.aws')).toBe('*');
    expect(cutGroup('benign')).toBe('benign');
    expect(cutGroup('A.2.e')).toBe('A.2.*');
    expect(cutKey('zh', 'input', 'A.2.*')).toBe('zh/input/A.2.*');
  });
});

describe('chooseCuts', () => {
  // Key "easy": harmful rows score high, its benign look-alikes low. Key "hard": benign rows score
  // as high as harmful ones. Both in the same language and stage, so they share one budget.
  const scored: Scored[] = [
    ...spread(50, 'harmful', 'easy', 1, 5),
    ...spread(100, 'benign', 'easy', -5, 0),
    ...spread(50, 'harmful', 'hard', 0, 4),
    ...spread(100, 'benign', 'hard', 0, 4),
  ];

  it('keeps the false-positive rate of every cell within the budget', () => {
    const cuts = chooseCuts(scored, 0.05);
    const cells = cellMetrics(scored, cuts);
    expect(cells['en/input'].fpr).toBeLessThanOrEqual(0.05);
  });

  it('cuts low where look-alikes are rare and high where they are common', () => {
    const cuts = chooseCuts(scored, 0.05);
    expect(cuts.easy).toBeLessThanOrEqual(1.05); // all easy harmful rows, no benign one
    expect(cuts.hard).toBeGreaterThan(3); // only the top of the hard key fits the budget
    const cells = cellMetrics(scored, cuts);
    expect(cells['en/input'].recall).toBeGreaterThan(0.5);
  });

  it('spends no budget it does not need and gives no cut to keys without harmful rows', () => {
    const cuts = chooseCuts([...spread(10, 'harmful', 'a', 2, 3), ...spread(30, 'benign', 'a', -3, 1), ...spread(30, 'benign', 'b', 0, 9)], 0.05);
    expect(cuts.a).toBeGreaterThan(1); // every harmful row is above 2: no need to go lower
    expect(cuts.b).toBeUndefined();
  });

  it('holds each language to its own budget', () => {
    const mixed = [...spread(40, 'harmful', 'en', 0, 4), ...spread(100, 'benign', 'en', -4, 4), ...spread(40, 'harmful', 'zh', 0, 4, 'zh'), ...spread(100, 'benign', 'zh', -4, 0, 'zh')];
    const cells = cellMetrics(mixed, chooseCuts(mixed, 0.02));
    expect(cells['en/input'].fpr).toBeLessThanOrEqual(0.02);
    expect(cells['zh/input'].fpr).toBeLessThanOrEqual(0.02);
    expect(cells['zh/input'].recall).toBe(1);
    expect(cells['en/input'].recall).toBeLessThan(0.5);
  });
});

describe('chooseCuts with a budget per cell', () => {
  it('lets each language × stage spend its own budget, and none where none is given', () => {
    const mixed = [...spread(40, 'harmful', 'en', 0, 4), ...spread(100, 'benign', 'en', -4, 4), ...spread(40, 'harmful', 'zh', 0, 4, 'zh'), ...spread(100, 'benign', 'zh', -4, 4, 'zh')];
    const cells = cellMetrics(mixed, chooseCuts(mixed, { 'en/input': 0.1, 'zh/input': 0.02 }));
    expect(cells['en/input'].fpr).toBeLessThanOrEqual(0.1);
    expect(cells['en/input'].fpr).toBeGreaterThan(0.02);
    expect(cells['zh/input'].fpr).toBeLessThanOrEqual(0.02);
    expect(cells['en/input'].recall).toBeGreaterThan(cells['zh/input'].recall);
    expect(cellMetrics(mixed, chooseCuts(mixed, { 'en/input': 0.1 }))['zh/input'].fpr).toBe(0);
  });
});
