/**
 * Labelled data for training and evaluation: JSONL rows {text, label, category, lang} (extra fields
 * such as source, id, prompt are kept out of the model). Each row is prepared once: its category is
 * mapped to a taxonomy code (source-categories.ts) and it is assigned to the training or held-out
 * part by a hash of its text, so the split is the same on every machine and every run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BENIGN_CATEGORY, taxonomyCode } from './source-categories';

const rowSchema = z.object({
  text: z.string().min(1),
  label: z.enum(['harmful', 'benign']),
  category: z.string().nullable().optional(),
  lang: z.enum(['zh', 'en']),
  source: z.string().optional(),
  /** input (a prompt) or output (a model answer); inferred when absent, see rowStage. */
  stage: z.enum(['input', 'output']).optional(),
  /** Answer files carry the request that produced the answer. */
  prompt: z.string().optional(),
});

export type Label = 'harmful' | 'benign';

export interface LabelledRow {
  text: string;
  label: Label;
  /** A taxonomy code for harmful rows, 'pii' for personal-information rows, 'benign' otherwise. */
  category: string;
  lang: 'zh' | 'en';
  /** The file the row came from (its base name), for per-file reports. */
  file: string;
  /** Where the gateway meets such a text: a prompt (input) or a model answer (output). */
  stage: 'input' | 'output';
  heldOut: boolean;
}

/**
 * A row is a model answer when it says so, when it carries the prompt that produced it (JADE and
 * JailbreakBench responses), or when it comes from AdvBench's harmful_strings (target outputs).
 */
export function rowStage(row: { stage?: 'input' | 'output'; prompt?: string; source?: string }, file: string): 'input' | 'output' {
  if (row.stage) return row.stage;
  return row.prompt !== undefined || /harmful_strings/.test(`${row.source ?? ''} ${file}`) ? 'output' : 'input';
}

/** Share of rows held out from training, chosen by text hash. */
export const HOLDOUT_FRACTION = 0.2;
export const SPLIT_SALT = 'cg-split-v1';

export function isHeldOut(text: string): boolean {
  const h = crypto.createHash('sha256').update(SPLIT_SALT).update(text).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < HOLDOUT_FRACTION;
}

export class DatasetError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid training data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DatasetError';
  }
}

/** Reads JSONL files; every bad line in every file is reported at once. */
export function readRows(files: string[]): LabelledRow[] {
  const rows: LabelledRow[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const name = path.basename(file);
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      problems.push(`${file}: cannot be read. Fix: check the path (the shared datasets live in ../shared/datasets)`);
      continue;
    }
    content.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        problems.push(`${name}:${i + 1}: not JSON. Fix: one JSON object per line`);
        return;
      }
      const parsed = rowSchema.safeParse(json);
      if (!parsed.success) {
        const what = parsed.error.issues.map((x) => `${x.path.join('.') || '(row)'} ${x.message}`).join('; ');
        problems.push(`${name}:${i + 1}: ${what}. Fix: rows are {"text": "...", "label": "harmful"|"benign", "category": "A.1.f"|null, "lang": "zh"|"en"}`);
        return;
      }
      const r = parsed.data;
      const category = r.label === 'benign' ? BENIGN_CATEGORY : taxonomyCode(r.text, r.category ?? null, r.source ?? name);
      rows.push({ text: r.text, label: r.label, category, lang: r.lang, file: name, stage: rowStage(r, name), heldOut: isHeldOut(r.text) });
    });
  }
  if (problems.length > 0) throw new DatasetError(problems);
  return rows;
}
