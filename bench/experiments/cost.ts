/**
 * Inference cost per 2 KB text of each variant, and its model size, with every model trained on the
 * whole training split. CPU time (process.cpuUsage), best of 5 rounds: the box is shared. Texts: the
 * benchmark's benign 2 KB prompts (bench/lib/prompts.ts) and 2 KB joins of training-split rows per
 * language; feature extraction is timed separately (LR and MLP share it, the kNN index does not).
 */
import { binaryLogit, trainBinary } from '../../src/classifier/logistic';
import { clearFeatureCaches, features } from '../../src/classifier/tokenize';
import { mulberry32 } from '../../src/util/prng';
import { promptText } from '../lib/prompts';
import { bagOf, buildIndex, charGrams, query } from './knn';
import { mlpLogit, trainMlp } from './mlp';
import { pruneRare } from '../../src/classifier/train';
import { trainingRows } from './clf-research';

const ROUNDS = 5;
const TEXTS = 60;

function joined(texts: string[], rand: () => number): string {
  let out = '';
  while (Buffer.byteLength(out) < 2000) out += `${texts[Math.floor(rand() * texts.length)]}\n`;
  return out.slice(0, 2000);
}

/** Best-of-rounds mean CPU µs per call of fn over the texts. */
function microsPer<T>(texts: T[], fn: (t: T) => unknown, before: () => void = () => undefined): number {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    before();
    const t = process.cpuUsage();
    for (const text of texts) fn(text);
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / texts.length);
  }
  return best;
}

export function measureCost(): void {
  const rows = trainingRows();
  const x = pruneRare(rows.map((r) => features(r.text)));
  const y = rows.map((r) => (r.label === 'harmful' ? 1 : 0));
  const groups = rows.map((r) => `${r.lang}/${r.stage}`);
  const lr = trainBinary(x, y, { groups });
  const all = rows.map((_, i) => i);
  const vocab = new Map<string, number>();
  const bags = rows.map((r) => bagOf(charGrams(r.text), vocab));
  const index = buildIndex(bags, y, all, vocab.size);
  const featVocab = new Map<string, number>();
  const featIndex = buildIndex(x.map((f) => bagOf(f, featVocab)), y, all, featVocab.size);
  const rand = mulberry32(7);
  const sets: Record<string, string[]> = {
    'benchmark prompts (mixed, benign)': Array.from({ length: TEXTS }, () => promptText(2000, rand)),
    'en training rows joined': Array.from({ length: TEXTS }, () => joined(rows.filter((r) => r.lang === 'en').map((r) => r.text), rand)),
    'zh training rows joined': Array.from({ length: TEXTS }, () => joined(rows.filter((r) => r.lang === 'zh').map((r) => r.text), rand)),
  };
  console.log(`LR: ${lr.weights.size} weights (~${((lr.weights.size * 8) / 1e6).toFixed(2)} MB as float64 + feature strings)`);
  console.log(`kNN feats: ${featVocab.size} features, ${featIndex.postRow.length} postings (~${((featIndex.postRow.length * 8) / 1e6).toFixed(1)} MB typed arrays)`);
  console.log(`kNN char2-4: ${rows.length} texts, ${vocab.size} distinct grams, ${index.postRow.length} postings (~${((index.postRow.length * 8 + vocab.size * 8) / 1e6).toFixed(1)} MB typed arrays + gram strings)`);
  for (const hidden of [32, 64, 128]) {
    const net = trainMlp(x, y, { hidden, activation: 'relu', epochs: 8, learningRate: 0.05, l2: 1e-4, seed: 1, groups });
    console.log(`MLP h${hidden}: ${net.vocab.size} × ${hidden} = ${net.w1.length} first-layer weights (~${((net.w1.length * 4) / 1e6).toFixed(1)} MB float32)`);
    for (const [name, texts] of Object.entries(sets)) {
      const feats = texts.map((t) => features(t));
      console.log(`  ${name}: MLP forward ${microsPer(feats, (f) => mlpLogit(net, f)).toFixed(0)} µs`);
    }
  }
  for (const [name, texts] of Object.entries(sets)) {
    const feats = texts.map((t) => features(t));
    const known = feats.map((f) => f.filter((g) => lr.weights.has(g)));
    const featUs = microsPer(texts, features, clearFeatureCaches);
    const lrUs = microsPer(known, (f) => binaryLogit(lr, f));
    const knnUs = microsPer(texts, (t) => query(index, bagOf(charGrams(t), vocab, false), 3));
    const knnFeatUs = microsPer(known, (f) => query(featIndex, bagOf(f, featVocab, false), 3));
    const gramsUs = microsPer(texts, (t) => bagOf(charGrams(t), vocab, false));
    console.log(`${name}: features() ${featUs.toFixed(0)} µs (cold caches; known features ${Math.round(known.reduce((a, f) => a + f.length, 0) / known.length)}), LR sum ${lrUs.toFixed(0)} µs, kNN feats query (after features()) ${knnFeatUs.toFixed(0)} µs, kNN query ${knnUs.toFixed(0)} µs (of which grams+bag ${gramsUs.toFixed(0)} µs)`);
  }
}
