/**
 * Training: labelled rows → model file. Only the training part of the split is used (held-out rows
 * are for `eval`); rows with personal information are left to the pattern rules. The harm model is
 * calibrated with Platt scaling on 5-fold out-of-fold scores, then refitted on all training rows.
 */
import type { LabelledRow } from './dataset';
import { HOLDOUT_FRACTION, SPLIT_SALT } from './dataset';
import { calibrated, fitPlatt } from './calibrate';
import { binaryLogit, trainBinary, trainSoftmax } from './logistic';
import { serializeModel, type ModelFile } from './model';
import { PII_CATEGORY } from './source-categories';
import { features } from './tokenize';

const FOLDS = 5;
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

/** Out-of-fold recall / false-positive rate per language at a few thresholds, for choosing them. */
function oofReport(rows: LabelledRow[], p: number[]): Record<string, unknown> {
  const report: Record<string, unknown> = {};
  for (const lang of ['zh', 'en'] as const) {
    const at: Record<string, { recall: number; fpr: number }> = {};
    for (const t of [0.3, 0.5, 0.7, 0.8, 0.9]) {
      let tp = 0, pos = 0, fp = 0, neg = 0;
      rows.forEach((r, i) => {
        if (r.lang !== lang) return;
        if (r.label === 'harmful') { pos++; if (p[i] >= t) tp++; } else { neg++; if (p[i] >= t) fp++; }
      });
      at[String(t)] = { recall: round3(tp / (pos || 1)), fpr: round3(fp / (neg || 1)) };
    }
    report[lang] = at;
  }
  return report;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function trainModel(input: TrainInput): ModelFile {
  const rows = input.rows.filter((r) => !r.heldOut && r.category !== PII_CATEGORY);
  if (!rows.some((r) => r.label === 'harmful') || !rows.some((r) => r.label === 'benign')) {
    throw new Error('training needs both harmful and benign rows. Fix: pass files with both labels to --data');
  }
  const x = pruneRare(rows.map((r) => features(r.text)));
  const y = rows.map((r) => (r.label === 'harmful' ? 1 : 0));

  const oof = new Array<number>(rows.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const trainIdx = rows.map((_, i) => i).filter((i) => i % FOLDS !== fold);
    const m = trainBinary(trainIdx.map((i) => x[i]), trainIdx.map((i) => y[i]));
    rows.forEach((_, i) => {
      if (i % FOLDS === fold) oof[i] = binaryLogit(m, x[i]);
    });
  }
  const platt = fitPlatt(oof, y);
  const harm = trainBinary(x, y);
  const harmful = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.label === 'harmful');
  const cats = trainSoftmax(harmful.map(({ i }) => x[i]), harmful.map(({ r }) => r.category));

  const count = (pred: (r: LabelledRow) => boolean): number => rows.filter(pred).length;
  return serializeModel({
    name: input.name,
    harm,
    platt,
    cats,
    training: {
      files: input.files,
      rows: { harmful: count((r) => r.label === 'harmful'), benign: count((r) => r.label === 'benign') },
      heldOut: { fraction: HOLDOUT_FRACTION, salt: SPLIT_SALT, rows: input.rows.filter((r) => r.heldOut).length },
      outOfFold: oofReport(rows, oof.map((z) => calibrated(platt, z))),
    },
  });
}
