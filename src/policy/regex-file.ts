/** rules/regex.yaml: pattern rules for PII, secrets and prompt attacks, with validators and masks. */
import { z } from 'zod';
import type { Severity, Stage } from '../types';
import type { Taxonomy } from './taxonomy';
import { readYamlFile } from './yaml-file';

const regexSchema = z.strictObject({
  version: z.literal(1),
  rules: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9_.-]+$/),
      category: z.string().min(1),
      severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
      pattern: z.string().min(1),
      flags: z.string().regex(/^[ims]*$/).optional(),
      prefilter: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      validate: z.enum(['luhn', 'cn_id', 'none']).optional(),
      mask: z.strictObject({ keep_start: z.number().int().min(0), keep_end: z.number().int().min(0) }).optional(),
      stages: z.array(z.enum(['input', 'output'])).min(1).optional(),
      description: z.string().optional(),
    }),
  ),
});

export type Validator = 'luhn' | 'cn_id' | 'none';

export interface RegexRule {
  id: string;
  category: string;
  severity: Severity;
  regex: RegExp;
  /**
   * Cheap necessary conditions (same flags as the pattern, all must match somewhere in the text):
   * when one fails the pattern cannot match, so the detector skips it. They only save time.
   */
  prefilters: RegExp[];
  validate: Validator;
  /** How redaction keeps the value readable; null: fully masked when redacted, shown in excerpts. */
  mask: { keepStart: number; keepEnd: number } | null;
  stages: Stage[];
  description: string;
}

const FIX = 'each rule needs id, category (a taxonomy code) and pattern; optional severity, flags (ims), prefilter (a pattern or list of patterns the text must contain for the rule to match), validate (luhn|cn_id|none), mask {keep_start, keep_end}, stages';

export function loadRegexRules(file: string, taxonomy: Taxonomy, problems: string[]): RegexRule[] {
  const data = readYamlFile(file, regexSchema, problems, FIX);
  if (!data) return [];
  const ids = new Set<string>();
  const rules: RegexRule[] = [];
  for (const r of data.rules) {
    if (ids.has(r.id)) problems.push(`regex.yaml: rule id ${r.id} is used twice. Fix: give each rule a unique id`);
    ids.add(r.id);
    const category = taxonomy.get(r.category);
    if (!category) {
      problems.push(`regex.yaml: rule ${r.id} has unknown category ${r.category}. Fix: use a code from taxonomy.yaml`);
      continue;
    }
    let regex: RegExp;
    try {
      regex = new RegExp(r.pattern, `gu${r.flags ?? ''}`);
    } catch (err) {
      problems.push(`regex.yaml: rule ${r.id} pattern does not compile in unicode mode (${(err as Error).message}). Fix: escape only special characters; test with new RegExp(pattern, "gu")`);
      continue;
    }
    if (regex.test('')) {
      problems.push(`regex.yaml: rule ${r.id} matches the empty string. Fix: require at least one character`);
      continue;
    }
    const prefilters = compilePrefilters(r.id, r.prefilter, r.flags ?? '', problems);
    if (!prefilters) continue;
    rules.push({
      id: r.id,
      category: r.category,
      severity: r.severity ?? category.severity,
      regex,
      prefilters,
      validate: r.validate ?? 'none',
      mask: r.mask ? { keepStart: r.mask.keep_start, keepEnd: r.mask.keep_end } : null,
      stages: r.stages ?? ['input', 'output'],
      description: r.description ?? '',
    });
  }
  return rules;
}

/** Prefilters compile with the pattern's flags (case-insensitive rules get case-insensitive checks). */
function compilePrefilters(id: string, prefilter: string | string[] | undefined, flags: string, problems: string[]): RegExp[] | null {
  const sources = prefilter === undefined ? [] : Array.isArray(prefilter) ? prefilter : [prefilter];
  const out: RegExp[] = [];
  for (const source of sources) {
    try {
      out.push(new RegExp(source, `u${flags}`));
    } catch (err) {
      problems.push(`regex.yaml: rule ${id} prefilter ${JSON.stringify(source)} does not compile in unicode mode (${(err as Error).message}). Fix: write it as a pattern the rule's matches always contain, e.g. '@' or 'sk-'`);
      return null;
    }
  }
  return out;
}
