/**
 * Where the model's scores are cut, chosen on validation scores (out-of-fold scores of the training
 * split — never the held-out rows). A cut is chosen per language × stage × risk group: everyday
 * Chinese prompts, English prompts and model answers score differently for the same risk, and
 * within one language the look-alike benign texts differ by group (Chinese comments that discuss
 * discrimination score like insults, A.2.*, while a request to make drugs, A.1.*, has few
 * look-alikes). One shared cut would let the hardest group set the bar for all.
 *
 * The search: every benign cell (language × stage) must stay within the false-positive budget;
 * within that, recall summed over the harmful cells is raised greedily, from "block nothing", by
 * the single lowering of one cut that buys the most recall per false positive spent.
 */
import type { LabelledRow } from './dataset';
import { BENIGN_CATEGORY } from './source-categories';

/** The risk groups, as policy globs; the category head's answer decides a text's group. */
export const THRESHOLD_GROUPS = ['prompt_attack.*', 'A.1.*', 'A.2.*', 'A.3.*', 'A.4.*', 'A.5.*'] as const;

export function groupOf(category: string): string {
  return THRESHOLD_GROUPS.find((g) => category.startsWith(g.slice(0, -1))) ?? '*';
}

/**
 * The group whose cut a text meets, from the category head's first answer. The head also knows
 * "benign": a text it takes for everyday text meets the strict "benign" cut, whatever harmful
 * category ranks next — otherwise a thank-you note that the head had to place somewhere would meet
 * the low cut of whichever group it landed in.
 */
export function cutGroup(label: string): string {
  return label === BENIGN_CATEGORY ? BENIGN_CATEGORY : groupOf(label);
}

/** The key a cut is stored under: "zh/input/A.1.*"; "zh/input/*" and "*" are the fallbacks. */
export function cutKey(lang: string, stage: string, group: string): string {
  return `${lang}/${stage}/${group}`;
}

export interface Scored {
  row: LabelledRow;
  /** Raw out-of-fold score (log-odds). */
  z: number;
  /** Which cut applies (cutKey). */
  key: string;
}

export interface CellMetrics {
  harmful: number;
  recall: number;
  benign: number;
  fpr: number;
}

/** A benign cell smaller than this says little about a rate; it still counts toward recall. */
export const MIN_CELL_ROWS = 20;
/** Candidate cuts on the raw score. */
const GRID = Array.from({ length: 161 }, (_, i) => -8 + i * 0.1);

export const cellOf = (r: LabelledRow): string => `${r.lang}/${r.stage}`;

/** Recall and false-positive rate per language × stage (the rows' own labels) for a set of cuts. */
export function cellMetrics(scored: Scored[], cuts: Record<string, number>): Record<string, CellMetrics> {
  const cells: Record<string, CellMetrics> = {};
  for (const s of scored) {
    const c = (cells[cellOf(s.row)] ??= { harmful: 0, recall: 0, benign: 0, fpr: 0 });
    const hit = s.z >= (cuts[s.key] ?? Infinity) ? 1 : 0;
    if (s.row.label === 'harmful') {
      c.harmful++;
      c.recall += hit;
    } else {
      c.benign++;
      c.fpr += hit;
    }
  }
  for (const c of Object.values(cells)) {
    c.recall = c.harmful ? c.recall / c.harmful : 0;
    c.fpr = c.benign ? c.fpr / c.benign : 0;
  }
  return cells;
}

/**
 * Cuts per key that keep every benign cell within maxFpr while summed recall is as high as the
 * greedy search finds. Keys with no harmful row get no cut (the caller's fallback applies).
 * Lowering one key's cut only adds the rows of that key between the new and the old cut, so each
 * candidate is priced by walking that key's rows in descending score, not by recounting all rows.
 */
export function chooseCuts(scored: Scored[], maxFpr: number | Record<string, number>): Record<string, number> {
  const cellIds = [...new Set(scored.map((s) => cellOf(s.row)))];
  const cellIndex = new Map(cellIds.map((c, i) => [c, i]));
  const size = cellIds.map((c) => ({
    harmful: scored.filter((s) => cellOf(s.row) === c && s.row.label === 'harmful').length,
    benign: scored.filter((s) => cellOf(s.row) === c && s.row.label === 'benign').length,
  }));
  // Per-row contribution: to recall (harmful) or to the false-positive rate (benign) of its cell.
  const byKey = new Map<string, { z: number; cell: number; harmful: boolean }[]>();
  for (const s of scored) {
    const list = byKey.get(s.key) ?? [];
    list.push({ z: s.z, cell: cellIndex.get(cellOf(s.row)) ?? 0, harmful: s.row.label === 'harmful' });
    byKey.set(s.key, list);
  }
  for (const list of byKey.values()) list.sort((a, b) => b.z - a.z);
  const keys = [...byKey.keys()].filter((k) => byKey.get(k)?.some((r) => r.harmful)).sort();
  const cuts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, Infinity]));
  const taken = new Map(keys.map((k) => [k, 0])); // rows of the key already above its cut
  const fp = new Array<number>(cellIds.length).fill(0); // benign rows blocked per cell
  // One budget for all cells, or one per cell ("en/input"; a cell not named gets none: no false positive).
  const rate = (cell: string): number => (typeof maxFpr === 'number' ? maxFpr : (maxFpr[cell] ?? 0));
  const budget = size.map((c, i) => (c.benign < MIN_CELL_ROWS ? Infinity : Math.floor(rate(cellIds[i]) * c.benign + 1e-9)));
  const descending = [...GRID].reverse();
  for (;;) {
    let move: { key: string; cut: number; value: number; upTo: number } | undefined;
    for (const key of keys) {
      const rows = byKey.get(key) ?? [];
      let i = taken.get(key) ?? 0;
      let recall = 0;
      let cost = 0;
      const extraFp = new Array<number>(cellIds.length).fill(0);
      for (const cut of descending) {
        if (cut >= cuts[key]) continue;
        let over = false;
        while (i < rows.length && rows[i].z >= cut) {
          const r = rows[i++];
          if (r.harmful) recall += 1 / size[r.cell].harmful;
          else {
            extraFp[r.cell]++;
            cost += 1 / size[r.cell].benign;
            if (fp[r.cell] + extraFp[r.cell] > budget[r.cell]) over = true;
          }
        }
        if (over) break; // lower cuts only add more false positives
        if (recall <= 1e-9) continue;
        const value = recall / (cost + 1e-3);
        if (!move || value > move.value + 1e-12) move = { key, cut, value, upTo: i };
      }
    }
    if (!move) break;
    const rows = byKey.get(move.key) ?? [];
    for (let i = taken.get(move.key) ?? 0; i < move.upTo; i++) if (!rows[i].harmful) fp[rows[i].cell]++;
    taken.set(move.key, move.upTo);
    cuts[move.key] = move.cut;
  }
  return Object.fromEntries(Object.entries(cuts).filter(([, c]) => Number.isFinite(c)));
}
