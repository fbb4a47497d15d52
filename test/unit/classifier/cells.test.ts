import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { rowStage } from '../../../src/classifier/dataset';
import { balancedWeights } from '../../../src/classifier/logistic';
import { featureLanguage, modelFromParts, shiftFor } from '../../../src/classifier/model';
import { features } from '../../../src/classifier/tokenize';

describe('shiftFor', () => {
  const cells = { '*': 3, 'zh/input/*': 2, 'zh/input/A.1.*': 1 };
  it('uses the most specific cut there is', () => {
    expect(shiftFor(cells, 'zh/input/A.1.*')).toBe(1);
    expect(shiftFor(cells, 'zh/input/A.2.*')).toBe(2);
    expect(shiftFor(cells, 'en/output/A.1.*')).toBe(3);
    expect(shiftFor({}, 'en/output/A.1.*')).toBe(0);
  });
});

describe('featureLanguage', () => {
  it('tells Chinese from English by the text’s own features, mixed text by the majority', () => {
    expect(featureLanguage(features('今天天气怎么样'))).toBe('zh');
    expect(featureLanguage(features('what is the weather like today'))).toBe('en');
    expect(featureLanguage(features('用Python写一个爬虫程序'))).toBe('zh');
    expect(featureLanguage(features('please translate 你好 into English for me'))).toBe('en');
    expect(featureLanguage([])).toBe('en');
  });
});

describe('a model with cells', () => {
  const parts = {
    name: 't',
    harm: { bias: 0, weights: new Map([['e:bomb', 4]]) },
    platt: { a: 1, b: 0 },
    cats: { labels: ['A.1.f', 'benign'], bias: [0, 0], weights: new Map([['e:bomb', Float64Array.from([1, -1])]]) },
    cells: { 'en/input/A.1.*': 0, 'en/output/A.1.*': 2 },
  };

  it('scores the same text lower at a stage whose cut is higher, and reports a harmful category', () => {
    const input = modelFromParts(parts);
    const output = input.forStage?.('output');
    expect(output).toBeDefined();
    const atInput = input.score('bomb');
    const atOutput = output?.score('bomb');
    expect(atInput.category).toBe('A.1.f');
    expect(atOutput?.harm).toBeLessThan(atInput.harm);
    expect(input.categories).toEqual(['A.1.f']);
  });
});

describe('balancedWeights', () => {
  it('gives every (group, label) cell the same total weight, mean weight 1', () => {
    const y = [1, 1, 1, 0, 1, 0, 0, 0];
    const g = ['zh', 'zh', 'zh', 'zh', 'en', 'en', 'en', 'en'];
    const w = balancedWeights(y, g);
    const total = (grp: string, label: number): number => w.filter((_, i) => g[i] === grp && y[i] === label).reduce((a, b) => a + b, 0);
    expect(total('zh', 1)).toBeCloseTo(total('zh', 0));
    expect(total('zh', 1)).toBeCloseTo(total('en', 0));
    expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1);
  });
});

describe('rowStage', () => {
  it('reads answers from their prompt field, AdvBench target strings or an explicit stage', () => {
    expect(rowStage({}, 'x.jsonl')).toBe('input');
    expect(rowStage({ prompt: 'q' }, 'x.jsonl')).toBe('output');
    expect(rowStage({ source: 'llm-attacks:data/advbench/harmful_strings.csv' }, 'a.jsonl')).toBe('output');
    expect(rowStage({ stage: 'input', prompt: 'q' }, 'x.jsonl')).toBe('input');
  });
});

describe('the committed policy and model', () => {
  const rules = path.resolve(__dirname, '../../../rules');
  it('use the thresholds that training chose on the validation rows', () => {
    const policy = YAML.parse(fs.readFileSync(path.join(rules, 'policy.yaml'), 'utf8')) as { classifiers: { local: { thresholds: unknown } } };
    const model = JSON.parse(fs.readFileSync(path.join(rules, 'models', 'risk.json'), 'utf8')) as { training: { outOfFold: { thresholds: unknown } } };
    expect(policy.classifiers.local.thresholds).toEqual(model.training.outOfFold.thresholds);
  });
});
