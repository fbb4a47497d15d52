/** Test helper: keyword lists written to a temp rules folder and loaded as the gateway loads them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeywordDetector, type KeywordDetectorOptions } from '../../../src/detectors/keyword';
import { loadKeywordFile, type KeywordEntry } from '../../../src/policy/keywords-file';
import { loadTaxonomy } from '../../../src/policy/taxonomy';
import type { Finding } from '../../../src/types';

const RULES = path.resolve(__dirname, '../../../rules');
const taxonomy = loadTaxonomy(path.join(RULES, 'taxonomy.yaml'), []);

/** Loads `lists` ({ 'A.1.f.test.zh.txt': 'line\nline' }); problems fail the test. */
export function loadLists(lists: Record<string, string>): KeywordEntry[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-'));
  const problems: string[] = [];
  const entries = Object.entries(lists).flatMap(([name, body]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return loadKeywordFile(file, taxonomy, problems);
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return entries;
}

export function detectorFor(lists: Record<string, string>, opts: Partial<KeywordDetectorOptions> = {}) {
  return createKeywordDetector({ entries: loadLists(lists), ...opts });
}

/** The original text each finding points at, with its rule id: what a reviewer would see. */
export function hitsIn(detector: ReturnType<typeof detectorFor>, text: string): { rule: string; original: string; via?: string }[] {
  const findings = detector.detect([{ path: 'text', text }], new AbortController().signal) as Finding[];
  return findings.map((f) => ({ rule: f.ruleId, original: text.slice(...(f.span as [number, number])), ...(f.via ? { via: f.via } : {}) }));
}
