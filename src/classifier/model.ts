/**
 * The model file (rules/models/NAME.json): a harm model (calibrated probability that a text is
 * harmful) and a category model (which taxonomy code a harmful text belongs to). Plain JSON, weights
 * rounded and near-zero weights dropped, validated at load with messages that contain the fix.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { calibrated, type Platt } from './calibrate';
import { binaryLogit, softmaxProbabilities, type BinaryWeights, type SoftmaxWeights } from './logistic';
import { compileScorer } from './compiled';

export const MODEL_FORMAT = 'compliance-gateway/classifier';
export const FEATURES_VERSION = 'jieba-words+han-bigrams+porter-stems+stem-bigrams/1';

const fileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(1),
  name: z.string().min(1),
  features: z.literal(FEATURES_VERSION),
  harm: z.strictObject({ bias: z.number(), weights: z.record(z.string(), z.number()) }),
  calibration: z.strictObject({ a: z.number(), b: z.number() }),
  categories: z.strictObject({
    labels: z.array(z.string().min(1)).min(1),
    bias: z.array(z.number()),
    weights: z.record(z.string(), z.array(z.number())),
  }),
  /** How it was made: data files, row counts, split, out-of-fold metrics. Informational. */
  training: z.record(z.string(), z.unknown()),
});

export type ModelFile = z.infer<typeof fileSchema>;

export interface Scored {
  /** Calibrated probability that the text is harmful. */
  harm: number;
  /** The most likely taxonomy code if it is. */
  category: string;
}

export interface Model {
  name: string;
  categories: string[];
  /** Scores a text (the compiled hot path: no feature strings; the same score as scoreFeatures(features(text))). */
  score(text: string): Scored;
  /** Scores a text already turned into features (training and evaluation reuse them). */
  scoreFeatures(feats: readonly string[]): Scored;
  /** The features that pushed the harm score up most (without their kind prefix): the "why". */
  explain(feats: readonly string[], n: number): string[];
}

export function modelFromParts(name: string, harm: BinaryWeights, platt: Platt, cats: SoftmaxWeights): Model {
  // Features outside a model's vocabulary are dropped before length normalisation, exactly as
  // training dropped rare features: otherwise a long text full of unseen words would score lower.
  const scoreFeatures = (feats: readonly string[]): Scored => {
    const p = softmaxProbabilities(cats, feats.filter((f) => cats.weights.has(f)));
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return { harm: calibrated(platt, binaryLogit(harm, feats.filter((f) => harm.weights.has(f)))), category: cats.labels[best] };
  };
  const explain = (feats: readonly string[], n: number): string[] =>
    feats
      .map((f) => ({ f, w: harm.weights.get(f) ?? 0 }))
      .filter((x) => x.w > 0)
      .sort((a, b) => b.w - a.w)
      .slice(0, n)
      .map((x) => x.f.slice(2).replace('_', ' '));
  // Compiled on first use: training builds many models that only ever score feature lists.
  let compiled: ((text: string) => Scored) | undefined;
  const score = (text: string): Scored => (compiled ??= compileScorer(harm, platt, cats))(text);
  return { name, categories: cats.labels, scoreFeatures, explain, score };
}

const round = (w: number): number => Math.round(w * 1e4) / 1e4;
/** Weights this small change no score by more than a rounding error; dropping them keeps files small. */
const MIN_WEIGHT = 1e-4;

export function serializeModel(input: { name: string; harm: BinaryWeights; platt: Platt; cats: SoftmaxWeights; training: Record<string, unknown> }): ModelFile {
  const harmWeights: Record<string, number> = {};
  for (const [f, w] of [...input.harm.weights].sort(([a], [b]) => (a < b ? -1 : 1))) if (Math.abs(w) >= MIN_WEIGHT) harmWeights[f] = round(w);
  const catWeights: Record<string, number[]> = {};
  for (const [f, w] of [...input.cats.weights].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (Array.from(w).some((x) => Math.abs(x) >= MIN_WEIGHT)) catWeights[f] = Array.from(w, round);
  }
  return {
    format: MODEL_FORMAT,
    version: 1,
    name: input.name,
    features: FEATURES_VERSION,
    harm: { bias: round(input.harm.bias), weights: harmWeights },
    calibration: { a: round(input.platt.a), b: round(input.platt.b) },
    categories: { labels: input.cats.labels, bias: input.cats.bias.map(round), weights: catWeights },
    training: input.training,
  };
}

export function modelFromFile(data: ModelFile): Model {
  const harm: BinaryWeights = { bias: data.harm.bias, weights: new Map(Object.entries(data.harm.weights)) };
  const cats: SoftmaxWeights = {
    labels: data.categories.labels,
    bias: data.categories.bias,
    weights: new Map(Object.entries(data.categories.weights).map(([f, w]) => [f, Float64Array.from(w)])),
  };
  return modelFromParts(data.name, harm, data.calibration, cats);
}

const FIX = 'rebuild it with `compliance-gateway train --data FILE.jsonl... --out rules/models/NAME.json` (see README "Classifier")';

/** Loads and validates a model file; problems are collected, null when it cannot be used. */
export function loadModel(file: string, problems: string[]): Model | null {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`${file}: cannot be read as JSON (${(err as Error).message}). Fix: ${FIX}`);
    return null;
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}. Fix: ${FIX}`);
    return null;
  }
  const { labels, bias, weights } = parsed.data.categories;
  const bad = Object.entries(weights).find(([, w]) => w.length !== labels.length);
  if (bias.length !== labels.length || bad) {
    problems.push(`${file}: categories.bias and every categories.weights entry need one number per label (${labels.length}). Fix: ${FIX}`);
    return null;
  }
  return modelFromFile(parsed.data);
}
