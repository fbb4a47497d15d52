/** Reads one YAML rules file and validates it with a zod schema, collecting problems with their fixes. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';

export function readYamlFile<T extends z.ZodType>(file: string, schema: T, problems: string[], fix: string): z.infer<T> | null {
  const name = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    problems.push(`${name}: cannot be read at ${file}. Fix: ${fix}`);
    return null;
  }
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(`${name}: ${e.message}. Fix: correct the YAML syntax`);
    return null;
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.path.map(String).join('.');
      problems.push(`${name}: ${at || '(root)'}: ${issue.message}. Fix: ${fix}`);
    }
    return null;
  }
  return parsed.data;
}
