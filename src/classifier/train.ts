/**
 * Training: labelled rows → model file. Only the training part of the split is used (held-out rows
 * are for `eval`); rows with personal information are left to the pattern rules. Each language ×
 * stage × label cell weighs the same in the loss. Five fold models score the rows they did not see;
 * those out-of-fold scores (with the category head's out-of-fold answers) choose the cuts per
 * language × stage × group (thresholds.ts) and the Platt calibration, and the shipped harm model
 * is the fold models' mean. `training.outOfFold.thresholds` is what rules/policy.yaml should use.
 */
import type { LabelledRow } from './dataset';
import { HOLDOUT_FRACTION, SPLIT_SALT } from './dataset';
import { calibrated, fitPlatt } from './calibrate';
import { binaryLogit, softmaxProbabilities, trainBinary, trainSoftmax, type BinaryWeights, type SoftmaxWeights } from './logistic';
import { featureLanguage, serializeModel, shiftFor, type Cells, type ModelFile } from './model';
import { BENIGN_CATEGORY, PII_CATEGORY } from './source-categories';
import { mulberry32 } from '../util/prng';
import { cellOf, chooseCuts, cutGroup, cutKey, THRESHOLD_GROUPS, type Scored } from './thresholds';
import { chooseBudgets, nestedMetrics, type BudgetSearch } from './budget';
import { features } from './tokenize';

const FOLDS = 5;
const FOLD_SEED = 5;
/** How often the 5-fold split is repeated with another seed (see trainModel). */
const REPEATS = 3;
/**
 * Block cuts spend, per language × stage, the largest false-positive budget whose nested-validation
 * rate stays surely (95% upper bound) within the 5% target: budget.ts. (Until this was measured the
 * budget was a fixed 2.5%, set after a look at held-out English prompts.) Flag cuts use the 5% budget
 * as is: a flag is a note for review, not a refusal.
 */
export const FLAG_FPR_BUDGET = 0.05;
/** A feature seen in fewer training rows than this is noise for a model of this size, and bloats it. */
const MIN_FEATURE_ROWS = 2;

export function pruneRare(x: string[][]): string[][] {
  const counts = new Map<string, number>();
  for (const feats of x) for (const f of feats) counts.set(f, (counts.get(f) ?? 0) + 1);
  return x.map((feats) => feats.filter((f) => (counts.get(f) ?? 0) >= MIN_FEATURE_ROWS));
}

export interface TrainInput {
  name: string;
  rows: LabelledRow[];
  files: string[];
  /** Experiments only (validation on the training split): another block budget or feature function. */
  blockBudget?: number;
  featurize?: (text: string) => string[];
  foldSeed?: number;
  repeats?: number;
}

/** The 5-fold assignment of n rows for a fold seed (exported for the experiments in bench/experiments/). */
export function foldOf(n: number, seed = FOLD_SEED): number[] {
  const rand = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Array<number>(n);
  order.forEach((row, position) => (fold[row] = position % FOLDS));
  return fold;
}

function averageModels(models: BinaryWeights[]): BinaryWeights {
  const weights = new Map<string, number>();
  for (const m of models) for (const [f, w] of m.weights) weights.set(f, (weights.get(f) ?? 0) + w / models.length);
  return { bias: models.reduce((a, m) => a + m.bias, 0) / models.length, weights };
}

function argmax(cats: SoftmaxWeights, feats: string[]): string {
  const p = softmaxProbabilities(cats, feats.filter((f) => cats.weights.has(f)));
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return cats.labels[best];
}

/**
 * Limits on how low a cut may go where the validation rows cannot speak for real traffic:
 * - texts the category head takes for everyday text ("…/benign") meet at least their language ×
 *   stage's general cut: a low benign cut would turn the head's "looks everyday" into "block";
 * - answers (output) meet at least the prompt cut of the same language and group: the only benign
 *   answers in the data are refusals, so an output cut learnt from them would block everyday answers
 *   (a recipe, a stack trace) that look like everyday prompts, not like refusals.
 */
export function withFloors(cuts: Cells): Cells {
  const out: Cells = { ...cuts };
  for (const key of Object.keys(cuts)) {
    const [lang, stage, group] = key.split('/');
    if (group === undefined) continue;
    let floor = -Infinity;
    if (group === BENIGN_CATEGORY) floor = shiftFor(cuts, cutKey(lang, stage, '*'));
    if (stage === 'output') floor = Math.max(floor, shiftFor(withFloors(onlyStage(cuts, 'input')), cutKey(lang, 'input', group)));
    out[key] = Math.max(cuts[key], floor);
  }
  return out;
}

function onlyStage(cuts: Cells, stage: string): Cells {
  return Object.fromEntries(Object.entries(cuts).filter(([k]) => k === '*' || k.split('/')[1] === stage));
}

/**
 * Validation cuts → the model's shifts and the policy's thresholds. Each text's raw score is shifted
 * by the block cut of its key (language × stage × group, else language × stage, else one cut for
 * all), so a shifted score of 0 sits at the cut everywhere; Platt scaling of the shifted scores
 * then gives one block probability for every group, and flag probabilities per group.
 */
function cutsToThresholds(rows: LabelledRow[], oof: number[], y: number[], keys: { group: string[]; cell: string[] }, validation: Pick<BudgetSearch, 'splits' | 'copies'>, blockBudget?: number) {
  const { splits, copies } = validation;
  const scoredBy = (key: (i: number) => string, inTrain: (i: number) => boolean): Scored[] =>
    rows.flatMap((row, i) => (inTrain(i) ? [{ row, z: oof[i], key: key(i) }] : []));
  // More specific keys override the fallbacks; each level is searched within the same budget.
  const cutsFor = (inTrain: (i: number) => boolean, budget: number | Record<string, number>): Cells => {
    const levels = [scoredBy(() => '*', inTrain), scoredBy((i) => keys.cell[i], inTrain), scoredBy((i) => keys.group[i], inTrain)];
    return withFloors(Object.assign({}, ...levels.map((l) => chooseCuts(l, budget))) as Cells);
  };
  const search = { rows, copies, splits, cutsFor, blocked: (i: number, cuts: Cells) => oof[i] >= shiftFor(cuts, keys.group[i]) };
  const all = (): boolean => true;
  const budgets = blockBudget !== undefined ? Object.fromEntries(rows.map((r) => [cellOf(r), blockBudget])) : chooseBudgets(search);
  const block = cutsFor(all, budgets);
  const flag = cutsFor(all, FLAG_FPR_BUDGET);
  const shift = (i: number): number => shiftFor(block, keys.group[i]);
  const shifted = oof.map((z, i) => z - shift(i));
  const platt = fitPlatt(shifted, y);
  const blockP = Math.floor(calibrated(platt, 0) * 100) / 100;
  const thresholds: Record<string, { flag: number; block: number }> = {};
  for (const g of [...THRESHOLD_GROUPS, '*']) {
    // One flag level per group (the policy has no finer key): at the mean distance of its keys'
    // flag cuts below their block cuts.
    const gaps = Object.keys(flag).filter((k) => k.endsWith(`/${g}`) && block[k] !== undefined).map((k) => flag[k] - block[k]);
    const gap = gaps.reduce((a, b) => a + b, 0) / (gaps.length || 1);
    const f = g === 'prompt_attack.*' ? blockP : Math.min(blockP, Math.floor(calibrated(platt, gap) * 100) / 100);
    thresholds[g] = { flag: f, block: blockP };
  }
  return { platt, cells: block, shifted, blockP, thresholds, budgets, nested: nestedMetrics(search, budgets) };
}

/** ROC AUC of scores z for labels y (ties count half): how well the raw score ranks, before any cut. */
export function rocAuc(z: number[], y: number[]): number {
  const order = z.map((_, i) => i).sort((a, b) => z[a] - z[b]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && z[order[j + 1]] === z[order[i]]) j++;
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) { rankSum += (i + j) / 2 + 1; pos++; }
    i = j + 1;
  }
  const neg = z.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

/**
 * Recall and false-positive rate per language × stage of the validation rows at a threshold, and
 * the ROC AUC of the raw out-of-fold scores.
 */
function validationReport(rows: LabelledRow[], p: number[], threshold: number, oof: number[]): Record<string, unknown> {
  const cells: Record<string, { harmful: number; recall: number; benign: number; fpr: number; auc: number; aucShared: number }> = {};
  const members: Record<string, number[]> = {};
  rows.forEach((r, i) => {
    const key = `${r.lang}/${r.stage}`;
    const c = (cells[key] ??= { harmful: 0, recall: 0, benign: 0, fpr: 0, auc: 0, aucShared: 0 });
    (members[key] ??= []).push(i);
    const hit = p[i] >= threshold ? 1 : 0;
    if (r.label === 'harmful') { c.harmful++; c.recall += hit; } else { c.benign++; c.fpr += hit; }
  });
  for (const [key, c] of Object.entries(cells)) {
    c.recall = round3(c.recall / (c.harmful || 1));
    c.fpr = round3(c.fpr / (c.benign || 1));
    const idx = members[key];
    const aucOf = (of: number[]): number => round3(rocAuc(of.map((i) => oof[i]), of.map((i) => (rows[i].label === 'harmful' ? 1 : 0))));
    c.auc = aucOf(idx);
    // The shared datasets alone: our own hand-written rows are easier and must not flatter the figure.
    c.aucShared = aucOf(idx.filter((i) => rows[i].file.endsWith('.train.jsonl')));
  }
  return Object.fromEntries(Object.entries(cells).sort());
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function trainModel(input: TrainInput): ModelFile {
  const rows = input.rows.filter((r) => !r.heldOut && r.category !== PII_CATEGORY);
  if (!rows.some((r) => r.label === 'harmful') || !rows.some((r) => r.label === 'benign')) {
    throw new Error('training needs both harmful and benign rows. Fix: pass files with both labels to --data');
  }
  const raw = rows.map((r) => (input.featurize ?? features)(r.text));
  const x = pruneRare(raw);
  const y = rows.map((r) => (r.label === 'harmful' ? 1 : 0));
  const groups = rows.map((r) => `${r.lang}/${r.stage}`);

  // Folds by a seeded shuffle, not by position: rows arrive grouped by file and often in a
  // repeating pattern, and a fold must not be "all rows of one kind". The 5-fold split is repeated
  // with other seeds: cuts chosen on one split's scores follow its chance ups and downs (measured:
  // zh prompt recall 0.33–0.43 between seeds at one budget); every row is scored once per repeat.
  const n = rows.length;
  const repeats = input.repeats ?? REPEATS;
  const folds = Array.from({ length: repeats }, (_, r) => foldOf(n, (input.foldSeed ?? FOLD_SEED) + r));
  const oof = new Array<number>(n * repeats).fill(0);
  const oofCategory = new Array<string>(n * repeats).fill('');
  const foldModels: BinaryWeights[] = [];
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < FOLDS; k++) {
      const trainIdx = rows.map((_, i) => i).filter((i) => folds[r][i] !== k);
      const m = trainBinary(trainIdx.map((i) => x[i]), trainIdx.map((i) => y[i]), { groups: trainIdx.map((i) => groups[i]) });
      foldModels.push(m);
      const c = trainSoftmax(trainIdx.map((i) => x[i]), trainIdx.map((i) => rows[i].category));
      rows.forEach((_, i) => {
        if (folds[r][i] !== k) return;
        // Scored as the saved model scores: features outside the fold's vocabulary are dropped.
        oof[r * n + i] = binaryLogit(m, x[i].filter((f) => m.weights.has(f)));
        oofCategory[r * n + i] = argmax(c, x[i]);
      });
    }
  }
  // Validation entries: row i of repeat r is entry r·n + i.
  const rowsX = folds.flatMap(() => rows);
  const yX = folds.flatMap(() => y);
  // Nested validation (budget.ts): for repeat r, fold k, cuts are chosen on every repeat's scores
  // of the rows outside that fold (never on another score of a row it then measures).
  const splits = folds.flatMap((fold, r) =>
    Array.from({ length: FOLDS }, (_, k) => ({ train: (j: number) => fold[j % n] !== k, test: (j: number) => Math.floor(j / n) === r && fold[j % n] === k })),
  );
  // The keys as the model will see them when scoring: the language of the text's own features.
  const lang = raw.map((f) => featureLanguage(f));
  const { platt, cells, shifted, blockP, thresholds, budgets, nested } = cutsToThresholds(rowsX, oof, yX, {
    group: rowsX.map((r, j) => cutKey(lang[j % n], r.stage, cutGroup(oofCategory[j]))),
    cell: rowsX.map((r, j) => cutKey(lang[j % n], r.stage, '*')),
  }, { splits, copies: repeats }, input.blockBudget);
  // The shipped harm model is the mean of the fold models (for a linear model, the mean of their
  // weights): the cuts and the calibration were measured on exactly such models' scores, whereas a
  // model refitted on all rows scores more extremely and would overshoot the false-positive budget.
  const harm = averageModels(foldModels);
  // The category head learns "benign" too (rows' category is "benign" for benign rows): see cutGroup.
  const cats = trainSoftmax(x, rows.map((r) => r.category));

  const count = (pred: (r: LabelledRow) => boolean): number => rows.filter(pred).length;
  return serializeModel({
    name: input.name,
    harm,
    platt,
    cats,
    cells,
    training: {
      files: input.files,
      rows: { harmful: count((r) => r.label === 'harmful'), benign: count((r) => r.label === 'benign') },
      heldOut: { fraction: HOLDOUT_FRACTION, salt: SPLIT_SALT, rows: input.rows.filter((r) => r.heldOut).length },
      outOfFold: {
        budget: { block: budgets, flag: FLAG_FPR_BUDGET },
        nested: Object.fromEntries(Object.entries(nested).sort().map(([c, m]) => [c, { ...m, upper: round3(m.upper) }])),
        thresholds,
        validation: validationReport(rowsX, shifted.map((z) => calibrated(platt, z)), blockP, oof),
      },
    },
  });
}
