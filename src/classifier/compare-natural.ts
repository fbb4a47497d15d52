/**
 * `train --compare`: trains natural's BayesClassifier and LogisticRegressionClassifier on the same
 * features and split as our own model and measures them on the held-out rows, so the choice of
 * model stays a measurement rather than an opinion. natural turns every document into a dense
 * vector over the whole vocabulary; the comparison therefore keeps only features seen in at least
 * `minCount` training rows (and at most `maxRows` rows for logistic regression, whose training is
 * a dense matrix product).
 */
import { BayesClassifier, LogisticRegressionClassifier } from 'natural';
import type { LabelledRow } from './dataset';
import type { Model } from './model';
import { PII_CATEGORY } from './source-categories';
import { features } from './tokenize';

export interface Candidate {
  name: string;
  trainMs: number;
  /** Mean time to classify one held-out row. */
  msPerRow: number;
  /** JSON size of the trained classifier. */
  bytes: number;
  /** Held-out accuracy / recall / false-positive rate at p(harmful) ≥ 0.5. */
  accuracy: number;
  recall: number;
  fpr: number;
}

type Scorer = (feats: string[]) => number;

function measure(name: string, trainMs: number, bytes: number, rows: LabelledRow[], x: string[][], score: Scorer): Candidate {
  let tp = 0, fp = 0, pos = 0, neg = 0;
  const t0 = process.hrtime.bigint();
  rows.forEach((r, i) => {
    const harmful = score(x[i]) >= 0.5;
    if (r.label === 'harmful') { pos++; if (harmful) tp++; } else { neg++; if (harmful) fp++; }
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const r3 = (v: number): number => Math.round(v * 1000) / 1000;
  return { name, trainMs, msPerRow: r3(ms / rows.length), bytes, accuracy: r3((tp + neg - fp) / rows.length), recall: r3(tp / (pos || 1)), fpr: r3(fp / (neg || 1)) };
}

type NaturalClassifier = BayesClassifier | LogisticRegressionClassifier;

function harmProbability(c: NaturalClassifier, feats: string[]): number {
  const all = c.getClassifications(feats);
  const total = all.reduce((s, x) => s + x.value, 0);
  const harm = all.find((x) => x.label === 'harmful')?.value ?? 0;
  return total > 0 ? harm / total : 0;
}

function trainNatural(c: NaturalClassifier, x: string[][], rows: LabelledRow[]): number {
  const t0 = Date.now();
  rows.forEach((r, i) => c.addDocument(x[i], r.label));
  c.train();
  return Date.now() - t0;
}

export function compareWithNatural(all: LabelledRow[], ours: Model, opts: { minCount?: number; maxRows?: number } = {}): Candidate[] {
  const { minCount = 3, maxRows = 600 } = opts;
  const usable = all.filter((r) => r.category !== PII_CATEGORY);
  const train = usable.filter((r) => !r.heldOut);
  const test = usable.filter((r) => r.heldOut);
  const counts = new Map<string, number>();
  const xTrainFull = train.map((r) => features(r.text));
  for (const f of xTrainFull.flat()) counts.set(f, (counts.get(f) ?? 0) + 1);
  const keep = (feats: string[]): string[] => feats.filter((f) => (counts.get(f) ?? 0) >= minCount);
  const xTrain = xTrainFull.map(keep);
  const xTest = test.map((r) => keep(features(r.text)));

  const results: Candidate[] = [measure(`own logistic (${ours.name})`, 0, 0, test, test.map((r) => features(r.text)), (f) => ours.scoreFeatures(f).harm)];
  const bayes = new BayesClassifier();
  const bayesMs = trainNatural(bayes, xTrain, train);
  results.push(measure('natural BayesClassifier', bayesMs, JSON.stringify(bayes).length, test, xTest, (f) => harmProbability(bayes, f)));
  // Every N-th row, so both labels and languages stay represented.
  const step = Math.max(1, Math.ceil(train.length / maxRows));
  const sub = train.map((r, i) => ({ r, i })).filter(({ i }) => i % step === 0);
  const lr = new LogisticRegressionClassifier();
  const lrMs = trainNatural(lr, sub.map(({ i }) => xTrain[i]), sub.map(({ r }) => r));
  results.push(measure(`natural LogisticRegressionClassifier (${sub.length} rows)`, lrMs, JSON.stringify(lr).length, test, xTest, (f) => harmProbability(lr, f)));
  return results;
}
