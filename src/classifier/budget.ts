/**
 * How much of the 5% false-positive target a block cut may spend on the validation rows, per
 * language × stage. Cuts chosen on a few hundred rows meet new text a little higher: the rows that
 * chose a cut also measure it, and a rate measured on 100–600 rows is itself uncertain. Both are
 * priced here on the training split alone:
 * - nested validation: for each fold, cuts are chosen on the other folds' out-of-fold scores and
 *   applied to this fold's rows (whose scores came from a model that did not see them either), so
 *   the pooled false-positive rate is that of the whole cut-choosing procedure on unseen rows;
 * - the one-sided 95% Wilson upper bound of that rate must stay within the 5% target.
 * A cell gets the largest candidate budget that passes; one that never passes gets the smallest.
 */
import type { LabelledRow } from './dataset';
import type { Cells } from './model';
import { cellOf, MIN_CELL_ROWS } from './thresholds';

/** The target: at most 5% of everyday texts refused, per language × stage. */
export const FPR_TARGET = 0.05;
export const BUDGET_CANDIDATES = Array.from({ length: 17 }, (_, i) => 0.01 + i * 0.0025);
const Z_95_ONE_SIDED = 1.645;

/** One-sided upper confidence bound of a rate k/n (Wilson score interval). */
export function wilsonUpper(k: number, n: number, z = Z_95_ONE_SIDED): number {
  if (n === 0) return 1;
  const p = k / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

export interface NestedCell {
  benign: number;
  fp: number;
  harmful: number;
  hits: number;
  /** Wilson upper bound of fp / benign, over distinct texts. */
  upper: number;
}

export interface BudgetSearch {
  rows: LabelledRow[];
  /** How many entries each distinct text has in rows (repeated cross-validation scores it once per repeat). */
  copies: number;
  /** Validation splits: cuts are chosen on the train rows and measured on the test rows. */
  splits: { train: (i: number) => boolean; test: (i: number) => boolean }[];
  /** Block cuts chosen on the rows for which inTrain is true, within the budget. */
  cutsFor: (inTrain: (i: number) => boolean, budget: Record<string, number>) => Cells;
  /** Whether row i is blocked under the cuts. */
  blocked: (i: number, cuts: Cells) => boolean;
}

/** Recall and false positives per language × stage of cuts chosen without each row's fold. */
export function nestedMetrics(s: BudgetSearch, budget: Record<string, number>): Record<string, NestedCell> {
  const cells: Record<string, NestedCell> = {};
  for (const split of s.splits) {
    const cuts = s.cutsFor(split.train, budget);
    s.rows.forEach((r, i) => {
      if (!split.test(i)) return;
      const c = (cells[cellOf(r)] ??= { benign: 0, fp: 0, harmful: 0, hits: 0, upper: 0 });
      const hit = s.blocked(i, cuts);
      if (r.label === 'harmful') { c.harmful++; if (hit) c.hits++; } else { c.benign++; if (hit) c.fp++; }
    });
  }
  // The bound counts distinct texts: a text scored in every repeat is still one piece of evidence.
  for (const c of Object.values(cells)) c.upper = wilsonUpper(c.fp / s.copies, c.benign / s.copies);
  return cells;
}

/** The largest candidate budget per cell whose nested false-positive rate is surely within the target. */
export function chooseBudgets(s: BudgetSearch): Record<string, number> {
  const cellIds = [...new Set(s.rows.map(cellOf))].sort();
  const chosen: Record<string, number> = Object.fromEntries(cellIds.map((c) => [c, BUDGET_CANDIDATES[0]]));
  for (const b of BUDGET_CANDIDATES) {
    const nested = nestedMetrics(s, Object.fromEntries(cellIds.map((c) => [c, b])));
    for (const c of cellIds) {
      const m = nested[c];
      if (m && (m.benign < MIN_CELL_ROWS || m.upper <= FPR_TARGET)) chosen[c] = b;
    }
  }
  return chosen;
}
