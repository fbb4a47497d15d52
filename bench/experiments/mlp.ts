/**
 * Experiment only: a one-hidden-layer perceptron over the classifier's sparse features. Inputs are
 * scaled as in logistic.ts (each present feature 1/sqrt(max(n, 4))), so the first layer is a sum of
 * embedding rows: cost per text = known features × hidden units. AdaGrad, L2 on touched rows,
 * rows weighted like the logistic model (balancedWeights), seeded init and shuffle.
 */
import { balancedWeights, featureValue, sigmoid } from '../../src/classifier/logistic';
import { mulberry32 } from '../../src/util/prng';

export interface MlpOptions {
  hidden: number;
  activation: 'relu' | 'tanh';
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  groups?: string[];
}

export interface Mlp {
  vocab: Map<string, number>;
  hidden: number;
  activation: 'relu' | 'tanh';
  w1: Float32Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: number;
}

const act = (a: number, kind: Mlp['activation']): number => (kind === 'relu' ? (a > 0 ? a : 0) : Math.tanh(a));
const actGrad = (a: number, h: number, kind: Mlp['activation']): number => (kind === 'relu' ? (a > 0 ? 1 : 0) : 1 - h * h);

/** Pre-activations of the hidden layer for known feature ids. */
function hiddenInput(m: Mlp, ids: number[], out: Float64Array): void {
  const H = m.hidden;
  const v = featureValue(ids.length);
  out.set(m.b1);
  for (const id of ids) {
    const base = id * H;
    for (let j = 0; j < H; j++) out[j] += m.w1[base + j] * v;
  }
}

export function mlpLogit(m: Mlp, feats: readonly string[]): number {
  const ids: number[] = [];
  for (const f of feats) {
    const id = m.vocab.get(f);
    if (id !== undefined) ids.push(id);
  }
  const a = new Float64Array(m.hidden);
  hiddenInput(m, ids, a);
  let z = m.b2;
  for (let j = 0; j < m.hidden; j++) z += m.w2[j] * act(a[j], m.activation);
  return z;
}

export function trainMlp(x: string[][], y: number[], o: MlpOptions): Mlp {
  const vocab = new Map<string, number>();
  const xs = x.map((feats) => feats.map((f) => vocab.get(f) ?? (vocab.set(f, vocab.size), vocab.size - 1)));
  const H = o.hidden;
  const rand = mulberry32(o.seed);
  const w1 = new Float32Array(vocab.size * H);
  for (let i = 0; i < w1.length; i++) w1[i] = (rand() * 2 - 1) * 0.1;
  const w2 = Float64Array.from({ length: H }, () => (rand() * 2 - 1) / Math.sqrt(H));
  const m: Mlp = { vocab, hidden: H, activation: o.activation, w1, b1: new Float64Array(H), w2, b2: 0 };
  const g1 = new Float32Array(w1.length);
  const gb1 = new Float64Array(H);
  const gw2 = new Float64Array(H);
  let gb2 = 0;
  const rowWeight = balancedWeights(y, o.groups);
  const a = new Float64Array(H);
  const h = new Float64Array(H);
  const delta = new Float64Array(H);
  const lr = o.learningRate;
  const order = x.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const ids = xs[i];
      hiddenInput(m, ids, a);
      let z = m.b2;
      for (let j = 0; j < H; j++) z += m.w2[j] * (h[j] = act(a[j], o.activation));
      const g = (sigmoid(z) - y[i]) * rowWeight[i];
      for (let j = 0; j < H; j++) {
        delta[j] = g * m.w2[j] * actGrad(a[j], h[j], o.activation);
        const gw = g * h[j] + o.l2 * m.w2[j];
        gw2[j] += gw * gw;
        m.w2[j] -= (lr * gw) / Math.sqrt(gw2[j] + 1e-8);
        gb1[j] += delta[j] * delta[j];
        m.b1[j] -= (lr * delta[j]) / Math.sqrt(gb1[j] + 1e-8);
      }
      gb2 += g * g;
      m.b2 -= (lr * g) / Math.sqrt(gb2 + 1e-8);
      const v = featureValue(ids.length);
      for (const id of ids) {
        const base = id * H;
        for (let j = 0; j < H; j++) {
          const gf = delta[j] * v + o.l2 * w1[base + j];
          g1[base + j] += gf * gf;
          w1[base + j] -= (lr * gf) / Math.sqrt(g1[base + j] + 1e-8);
        }
      }
    }
  }
  return m;
}
