/**
 * Sparse logistic regression (binary and softmax) trained with AdaGrad and L2 decay. Inputs are
 * feature sets; each present feature has value 1/sqrt(n), so long texts do not score higher merely
 * for having more words. Deterministic: a seeded shuffle, no wall-clock or Math.random.
 */

import { mulberry32 } from '../util/prng';

export interface BinaryWeights {
  bias: number;
  weights: Map<string, number>;
}

export interface SoftmaxWeights {
  labels: string[];
  bias: number[];
  /** Per feature, one weight per label. */
  weights: Map<string, Float64Array>;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /**
   * A group per row (e.g. language and stage). Each (group, label) cell then carries the same share
   * of the loss, so a language with fewer benign rows, or prompts next to many more answers, does
   * not learn "Chinese means harmful". Without groups the two labels are balanced overall.
   */
  groups?: string[];
}

/** Per-row loss weights: every (group, label) cell weighs the same in total, mean weight 1. */
export function balancedWeights(y: number[], groups?: string[]): number[] {
  const key = (i: number): string => `${groups?.[i] ?? ''}\0${y[i]}`;
  const counts = new Map<string, number>();
  y.forEach((_, i) => counts.set(key(i), (counts.get(key(i)) ?? 0) + 1));
  return y.map((_, i) => y.length / (counts.size * (counts.get(key(i)) ?? 1)));
}

function shuffled(n: number, rand: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * A text with one or two known features ("{"city":") must not get the full weight of a sentence: the
 * floor of four shrinks very short texts toward the prior instead of letting one word decide.
 */
const MIN_NORM_FEATURES = 4;

export function featureValue(count: number): number {
  return count === 0 ? 0 : 1 / Math.sqrt(Math.max(count, MIN_NORM_FEATURES));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The raw score (log-odds) of a feature set. */
export function binaryLogit(model: BinaryWeights, feats: readonly string[]): number {
  const v = featureValue(feats.length);
  let z = model.bias;
  for (const f of feats) z += (model.weights.get(f) ?? 0) * v;
  return z;
}

/** y[i] is 1 (harmful) or 0; rows are weighted by balancedWeights (see TrainOptions.groups). */
export function trainBinary(x: string[][], y: number[], opts: TrainOptions = {}): BinaryWeights {
  const { epochs = 12, learningRate = 0.5, l2 = 1e-4, seed = 1 } = opts;
  const rowWeight = balancedWeights(y, opts.groups);
  const weights = new Map<string, number>();
  const grad2 = new Map<string, number>();
  let bias = 0;
  let biasGrad2 = 0;
  const rand = mulberry32(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const i of shuffled(x.length, rand)) {
      const model = { bias, weights };
      const v = featureValue(x[i].length);
      const g = (sigmoid(binaryLogit(model, x[i])) - y[i]) * rowWeight[i];
      for (const f of x[i]) {
        const w = weights.get(f) ?? 0;
        const gf = g * v + l2 * w;
        const acc = (grad2.get(f) ?? 0) + gf * gf;
        grad2.set(f, acc);
        weights.set(f, w - (learningRate * gf) / Math.sqrt(acc + 1e-8));
      }
      biasGrad2 += g * g;
      bias -= (learningRate * g) / Math.sqrt(biasGrad2 + 1e-8);
    }
  }
  return { bias, weights };
}

/** Probabilities per label (same order as model.labels). */
export function softmaxProbabilities(model: SoftmaxWeights, feats: readonly string[]): number[] {
  const v = featureValue(feats.length);
  const z = [...model.bias];
  for (const f of feats) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let k = 0; k < z.length; k++) z[k] += w[k] * v;
  }
  return softmax(z);
}

/** Probabilities from scores (the compiled scorer's last step too, so both give the same bits). */
export function softmax(z: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) max = Math.max(max, z[k]);
  const p = new Array<number>(z.length);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    p[k] = Math.exp(z[k] - max);
    sum += p[k];
  }
  for (let k = 0; k < z.length; k++) p[k] /= sum;
  return p;
}

export function trainSoftmax(x: string[][], y: string[], opts: TrainOptions = {}): SoftmaxWeights {
  const { epochs = 15, learningRate = 0.5, l2 = 1e-4, seed = 2 } = opts;
  const labels = [...new Set(y)].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const K = labels.length;
  const model: SoftmaxWeights = { labels, bias: new Array<number>(K).fill(0), weights: new Map() };
  const grad2 = new Map<string, Float64Array>();
  const biasGrad2 = new Float64Array(K);
  const rand = mulberry32(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const i of shuffled(x.length, rand)) {
      const p = softmaxProbabilities(model, x[i]);
      const target = index.get(y[i]) ?? 0;
      const v = featureValue(x[i].length);
      for (let k = 0; k < K; k++) {
        const g = p[k] - (k === target ? 1 : 0);
        biasGrad2[k] += g * g;
        model.bias[k] -= (learningRate * g) / Math.sqrt(biasGrad2[k] + 1e-8);
      }
      for (const f of x[i]) {
        let w = model.weights.get(f);
        let acc = grad2.get(f);
        if (!w || !acc) {
          w = new Float64Array(K);
          acc = new Float64Array(K);
          model.weights.set(f, w);
          grad2.set(f, acc);
        }
        for (let k = 0; k < K; k++) {
          const gf = (p[k] - (k === target ? 1 : 0)) * v + l2 * w[k];
          acc[k] += gf * gf;
          w[k] -= (learningRate * gf) / Math.sqrt(acc[k] + 1e-8);
        }
      }
    }
  }
  return model;
}
