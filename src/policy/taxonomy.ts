/** The category taxonomy: the 31 TC260 risks plus pii.*, secret.* and prompt_attack.* (rules/taxonomy.yaml). */
import { z } from 'zod';
import type { Severity } from '../types';
import { readYamlFile } from './yaml-file';

const severity = z.enum(['low', 'medium', 'high', 'critical']);

const taxonomySchema = z.strictObject({
  version: z.literal(1),
  categories: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Za-z0-9_.]+$/),
        group: z.string().min(1),
        zh: z.string().min(1),
        en: z.string().min(1),
        severity: severity.default('medium'),
        maps_to: z.string().optional(),
      }),
    )
    .min(1),
});

export interface Category {
  code: string;
  group: string;
  zh: string;
  en: string;
  severity: Severity;
  mapsTo?: string;
}

export type Taxonomy = Map<string, Category>;

const FIX = 'each category needs code, group, zh, en and optionally severity (low|medium|high|critical) and maps_to, see rules/taxonomy.yaml';

export function loadTaxonomy(file: string, problems: string[]): Taxonomy {
  const data = readYamlFile(file, taxonomySchema, problems, FIX);
  const taxonomy: Taxonomy = new Map();
  if (!data) return taxonomy;
  for (const c of data.categories) {
    if (taxonomy.has(c.code)) problems.push(`taxonomy.yaml: category ${c.code} is listed twice. Fix: keep one entry`);
    taxonomy.set(c.code, { code: c.code, group: c.group, zh: c.zh, en: c.en, severity: c.severity, mapsTo: c.maps_to });
  }
  for (const c of taxonomy.values()) {
    if (c.mapsTo && !taxonomy.has(c.mapsTo)) problems.push(`taxonomy.yaml: ${c.code} maps_to unknown code ${c.mapsTo}. Fix: use a code listed in the file`);
  }
  return taxonomy;
}

/** "A.1.*" matches A.1 and A.1.a; "*" matches everything; otherwise an exact code. */
export function categoryMatches(glob: string, code: string): boolean {
  if (glob === '*') return true;
  if (glob.endsWith('.*')) {
    const prefix = glob.slice(0, -2);
    return code === prefix || code.startsWith(`${prefix}.`);
  }
  return glob === code;
}
