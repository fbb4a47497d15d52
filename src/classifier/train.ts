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
import { chooseCuts, cutGroup, cutKey, THRESHOLD_GROUPS, type Scored } from './thresholds';
import { features } from './tokenize';

const FOLDS = 5;
const FOLD_SEED = 5;
/**
 * False-positive budget per language × stage when choosing block cuts: half the 5% target, as a
 * margin — cuts chosen on a few hundred validation rows meet new text a little higher (measured:
 * a 3.5% budget gave 6–7% on the held-out English prompts). Flag cuts use a looser budget: a flag
 * is a note for review, not a refusal.
 */
export const BLOCK_FPR_BUDGET = 0.025;
export const FLAG_FPR_BUDGET = 0.05;
/** A feature seen in fewer training rows than this is noise for a model of this size, and bloats it. */
const MIN_FEATURE_ROWS = 2;

function pruneRare(x: string[][]): string[][] {
  const counts = new Map<string, number>();
  for (const feats of x) for (const f of feats) counts.set(f, (counts.get(f) ?? 0) + 1);
  return x.map((feats) => feats.filter((f) => (counts.get(f) ?? 0) >= MIN_FEATURE_ROWS));
}

export interface TrainInput {
  name: string;
  rows: LabelledRow[];
  files: string[];
}

function foldOf(n: number): number[] {
  const rand = mulberry32(FOLD_SEED);
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
function cutsToThresholds(rows: LabelledRow[], oof: number[], y: number[], keys: { group: string[]; cell: string[] }) {
  const scoredBy = (key: (i: number) => string): Scored[] => rows.map((row, i) => ({ row, z: oof[i], key: key(i) }));
  const levels = [scoredBy(() => '*'), scoredBy((i) => keys.cell[i]), scoredBy((i) => keys.group[i])];
  // More specific keys override the fallbacks; each level was searched within the same budget.
  const block = withFloors(Object.assign({}, ...levels.map((l) => chooseCuts(l, BLOCK_FPR_BUDGET))) as Cells);
  const flag = withFloors(Object.assign({}, ...levels.map((l) => chooseCuts(l, FLAG_FPR_BUDGET))) as Cells);
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
  return { platt, cells: block, shifted, blockP, thresholds };
}

/** Recall and false-positive rate per language × stage of the validation rows at a threshold. */
function validationReport(rows: LabelledRow[], p: number[], threshold: number): Record<string, unknown> {
  const cells: Record<string, { harmful: number; recall: number; benign: number; fpr: number }> = {};
  rows.forEach((r, i) => {
    const c = (cells[`${r.lang}/${r.stage}`] ??= { harmful: 0, recall: 0, benign: 0, fpr: 0 });
    const hit = p[i] >= threshold ? 1 : 0;
    if (r.label === 'harmful') { c.harmful++; c.recall += hit; } else { c.benign++; c.fpr += hit; }
  });
  for (const c of Object.values(cells)) {
    c.recall = round3(c.recall / (c.harmful || 1));
    c.fpr = round3(c.fpr / (c.benign || 1));
  }
  return Object.fromEntries(Object.entries(cells).sort());
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function trainModel(input: TrainInput): ModelFile {
  const rows = input.rows.filter((r) => !r.heldOut && r.category !== PII_CATEGORY);
  if (!rows.some((r) => r.label === 'harmful') || !rows.some((r) => r.label === 'benign')) {
    throw new Error('training needs both harmful and benign rows. Fix: pass files with both labels to --data');
  }
  const raw = rows.map((r) => features(r.text));
  const x = pruneRare(raw);
  const y = rows.map((r) => (r.label === 'harmful' ? 1 : 0));
  const groups = rows.map((r) => `${r.lang}/${r.stage}`);

  // Folds by a seeded shuffle, not by position: rows arrive grouped by file and often in a
  // repeating pattern, and a fold must not be "all rows of one kind".
  const fold = foldOf(rows.length);
  const oof = new Array<number>(rows.length).fill(0);
  const oofCategory = new Array<string>(rows.length).fill('');
  const foldModels: BinaryWeights[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const trainIdx = rows.map((_, i) => i).filter((i) => fold[i] !== k);
    const m = trainBinary(trainIdx.map((i) => x[i]), trainIdx.map((i) => y[i]), { groups: trainIdx.map((i) => groups[i]) });
    foldModels.push(m);
    const c = trainSoftmax(trainIdx.map((i) => x[i]), trainIdx.map((i) => rows[i].category));
    rows.forEach((_, i) => {
      if (fold[i] !== k) return;
      // Scored as the saved model scores: features outside the fold's vocabulary are dropped.
      oof[i] = binaryLogit(m, x[i].filter((f) => m.weights.has(f)));
      oofCategory[i] = argmax(c, x[i]);
    });
  }
  // The keys as the model will see them when scoring: the language of the text's own features.
  const lang = raw.map((f) => featureLanguage(f));
  const { platt, cells, shifted, blockP, thresholds } = cutsToThresholds(rows, oof, y, {
    group: rows.map((r, i) => cutKey(lang[i], r.stage, cutGroup(oofCategory[i]))),
    cell: rows.map((r, i) => cutKey(lang[i], r.stage, '*')),
  });
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
        budget: { block: BLOCK_FPR_BUDGET, flag: FLAG_FPR_BUDGET },
        thresholds,
        validation: validationReport(rows, shifted.map((z) => calibrated(platt, z)), blockP),
      },
    },
  });
}
