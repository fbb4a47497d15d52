/**
 * The model file (rules/models/NAME.json): a harm model (calibrated probability that a text is
 * harmful) and a category model (which taxonomy code a harmful text belongs to). Plain JSON, weights
 * rounded and near-zero weights dropped, validated at load with messages that contain the fix.
 *
 * Raw scores are shifted before calibration by a cut per language × stage × risk group ("cells",
 * chosen on validation scores, see thresholds.ts and train.ts): everyday Chinese prompts, English
 * prompts and model answers score differently for the same risk, and the look-alike benign texts
 * differ by group. After the shift, one block threshold in the policy means "past this cell's cut".
 */
import fs from 'node:fs';
import { z } from 'zod';
import { calibrated, type Platt } from './calibrate';
import { binaryLogit, softmaxProbabilities, type BinaryWeights, type SoftmaxWeights } from './logistic';
import { compileScorer, type CompiledScorer, type Scan } from './compiled';
import type { Stage } from '../types';
import { cutGroup, cutKey } from './thresholds';
import { BENIGN_CATEGORY } from './source-categories';

export const MODEL_FORMAT = 'compliance-gateway/classifier';
export const FEATURES_VERSION = 'jieba-words+han-chars-bigrams-trigrams+porter-stems+stem-bigrams/2';

const fileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(2),
  name: z.string().min(1),
  features: z.literal(FEATURES_VERSION),
  harm: z.strictObject({ bias: z.number(), weights: z.record(z.string(), z.number()) }),
  calibration: z.strictObject({ a: z.number(), b: z.number() }),
  /** Raw-score shift per "zh/input/A.1.*", with fallbacks "zh/input/*" and "*" (see shiftFor). */
  cells: z.record(z.string().min(1), z.number()),
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
  /**
   * score(text) when its harm can reach `floor`, else null: the category head is skipped when no
   * cut it could choose would lift the harm score to `floor` (most texts, when `floor` is the lowest
   * flag threshold).
   */
  scoreAbove(text: string, floor: number): Scored | null;
  /** Scores a text already turned into features (training and evaluation reuse them). */
  scoreFeatures(feats: readonly string[]): Scored;
  /** The features that pushed the harm score up most (without their kind prefix): the "why". */
  explain(feats: readonly string[], n: number): string[];
  /** The same model scoring as for texts at that stage (the model itself scores as for input). */
  forStage?(stage: Stage): Model;
}

/** Chinese when the text has at least as many distinct Han characters as English stems. */
export function featureLanguage(feats: readonly string[]): 'zh' | 'en' {
  let han = 0;
  let latin = 0;
  for (const f of feats) {
    if (f.startsWith('u:')) han++;
    else if (f.startsWith('e:')) latin++;
  }
  return han > 0 && han >= latin ? 'zh' : 'en';
}

export type Cells = Record<string, number>;

/** The shift for a key "zh/input/A.1.*": its own, else its language × stage's, else the global one. */
export function shiftFor(cells: Cells, key: string): number {
  return cells[key] ?? cells[`${key.slice(0, key.lastIndexOf('/'))}/*`] ?? cells['*'] ?? 0;
}

export interface ModelParts {
  name: string;
  harm: BinaryWeights;
  platt: Platt;
  cats: SoftmaxWeights;
  cells: Cells;
}

/** The raw harm score (log-odds before shift and calibration) of a feature list. */
export function rawHarm(harm: BinaryWeights, feats: readonly string[]): number {
  // Features outside a model's vocabulary are dropped before length normalisation, exactly as
  // training dropped rare features: otherwise a long text full of unseen words would score lower.
  return binaryLogit(harm, feats.filter((f) => harm.weights.has(f)));
}

/** One compiled scorer per model, shared by its stage variants (compiled on first use). */
const compiledScorers = new WeakMap<ModelParts, CompiledScorer>();

/** Below this margin a skipped category head could matter, however floating point rounds the bound. */
const FLOOR_MARGIN = 1e-9;

export function modelFromParts(parts: ModelParts, stage: Stage = 'input'): Model {
  const { name, harm, platt, cats, cells } = parts;
  /** The decision from the heads' raw outputs and the text's language, shared by both ways of scoring. */
  const decide = (harmLogit: number, p: number[], lang: 'zh' | 'en'): Scored => {
    // best: the head's first answer (may be "benign"), which picks the cut; harmful: the most
    // likely taxonomy code, which a finding reports.
    let best = 0;
    let harmful = -1;
    for (let k = 0; k < p.length; k++) {
      if (p[k] > p[best]) best = k;
      if (cats.labels[k] !== BENIGN_CATEGORY && (harmful < 0 || p[k] > p[harmful])) harmful = k;
    }
    const shift = shiftFor(cells, cutKey(lang, stage, cutGroup(cats.labels[best])));
    return { harm: calibrated(platt, harmLogit - shift), category: cats.labels[harmful < 0 ? best : harmful] };
  };
  const scoreFeatures = (feats: readonly string[]): Scored =>
    decide(rawHarm(harm, feats), softmaxProbabilities(cats, feats.filter((f) => cats.weights.has(f))), featureLanguage(feats));
  // The cuts the category head can choose, per language: the harm score lies between the
  // calibrated scores at the lowest and the highest (calibration is monotonic, either way round).
  const shiftRange = (lang: 'zh' | 'en'): [number, number] => {
    const shifts = cats.labels.map((l) => shiftFor(cells, cutKey(lang, stage, cutGroup(l))));
    return [Math.min(...shifts), Math.max(...shifts)];
  };
  const shifts = { zh: shiftRange('zh'), en: shiftRange('en') };
  const compiled = (): CompiledScorer => {
    let c = compiledScorers.get(parts);
    if (!c) {
      c = compileScorer(harm, cats);
      compiledScorers.set(parts, c);
    }
    return c;
  };
  const languageOf = (s: Scan): 'zh' | 'en' => (s.hanChars > 0 && s.hanChars >= s.stems ? 'zh' : 'en');
  /** Whether no cut could lift a scan's harm output to `floor`. */
  const below = (s: Scan, floor: number): boolean => {
    const [low, high] = shifts[languageOf(s)];
    return Math.max(calibrated(platt, s.harmLogit - low), calibrated(platt, s.harmLogit - high)) < floor - FLOOR_MARGIN;
  };
  // The hot path (the detector warms it at creation): the same score without feature strings. A
  // text whose bound (no jieba) is below the floor is not cut into words at all (benign prompts).
  const scoreAbove = (text: string, floor: number): Scored | null => {
    const c = compiled();
    if (floor > -Infinity && below(c.bound(text), floor)) return null;
    const raw = c.scan(text);
    if (below(raw, floor)) return null;
    return decide(raw.harmLogit, c.categories(), languageOf(raw));
  };
  const score = (text: string): Scored => scoreAbove(text, -Infinity) as Scored;
  const explain = (feats: readonly string[], n: number): string[] =>
    feats
      .map((f) => ({ f, w: harm.weights.get(f) ?? 0 }))
      .filter((x) => x.w > 0)
      .sort((a, b) => b.w - a.w)
      .slice(0, n)
      .map((x) => x.f.slice(2).replace('_', ' '));
  return {
    name,
    categories: cats.labels.filter((l) => l !== BENIGN_CATEGORY),
    scoreFeatures,
    explain,
    score,
    scoreAbove,
    forStage: (s) => modelFromParts(parts, s),
  };
}

const round = (w: number): number => Math.round(w * 1e4) / 1e4;
/** The category head only picks the largest of its outputs: three decimals keep that and halve the file. */
const roundCategory = (w: number): number => Math.round(w * 1e3) / 1e3;
/** Weights this small change no score by more than a rounding error; dropping them keeps files small. */
const MIN_WEIGHT = 1e-4;

export function serializeModel(input: ModelParts & { training: Record<string, unknown> }): ModelFile {
  const harmWeights: Record<string, number> = {};
  for (const [f, w] of [...input.harm.weights].sort(([a], [b]) => (a < b ? -1 : 1))) if (Math.abs(w) >= MIN_WEIGHT) harmWeights[f] = round(w);
  const catWeights: Record<string, number[]> = {};
  for (const [f, w] of [...input.cats.weights].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (Array.from(w).some((x) => Math.abs(x) >= MIN_WEIGHT)) catWeights[f] = Array.from(w, roundCategory);
  }
  return {
    format: MODEL_FORMAT,
    version: 2,
    name: input.name,
    features: FEATURES_VERSION,
    harm: { bias: round(input.harm.bias), weights: harmWeights },
    calibration: { a: round(input.platt.a), b: round(input.platt.b) },
    cells: Object.fromEntries(Object.entries(input.cells).sort().map(([c, v]) => [c, round(v)])),
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
  return modelFromParts({ name: data.name, harm, platt: data.calibration, cats, cells: data.cells });
}

const FIX = 'rebuild it with `compliance-gateway train --data FILE.jsonl... --out rules/models/NAME.json` (see README "Classifier")';

/** Loads and validates a model file; problems are collected, null when it cannot be used. */
export function loadModel(file: string, problems: string[]): Model | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${file}: cannot be read (${(err as Error).message}). Fix: ${FIX}`);
    return null;
  }
  return parseModel(text, file, problems);
}

/** A model from a model file's text (`file` names it in problems). */
export function parseModel(text: string, file: string, problems: string[]): Model | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
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
