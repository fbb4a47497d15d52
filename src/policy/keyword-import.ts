/**
 * `rules import`: brings a plain-text keyword library (10k–1M entries) into rules/keywords/. Each
 * line is either `word` (the category comes from --category) or `code<TAB>word` (a TC260 code per
 * line, e.g. "A.1.h\t网络赌场"); `#` lines are comments. Entries are appended to
 * `<code>.<topic>.<lang>.txt`, one file per code, skipping those the file already has (compared
 * after normalization). One pass over the input, one write per file: a million lines take seconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normalizeText } from './normalize';
import type { Taxonomy } from './taxonomy';

export interface ImportOptions {
  file: string;
  rulesDir: string;
  taxonomy: Taxonomy;
  lang: string;
  /** Category for lines without a code. */
  category?: string;
  /** File-name topic (default "imported"). */
  topic?: string;
}

export interface ImportReport {
  files: { file: string; added: number; kept: number }[];
  added: number;
  duplicates: number;
  problems: string[];
}

function existingKeys(file: string): Set<string> {
  const keys = new Set<string>();
  if (!fs.existsSync(file)) return keys;
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) keys.add(normalizeText(line));
  }
  return keys;
}

export function importKeywords(opts: ImportOptions): ImportReport {
  const problems: string[] = [];
  if (!/^[a-z]{2,3}(-[A-Za-z]+)?$/.test(opts.lang)) problems.push(`--lang "${opts.lang}" is not a language code. Fix: use zh, en, …`);
  if (opts.category && !opts.taxonomy.has(opts.category)) problems.push(`--category ${opts.category} is not in taxonomy.yaml. Fix: use a code such as A.1.h`);
  const topic = opts.topic ?? 'imported';
  if (!/^[a-z0-9_-]+$/.test(topic)) problems.push(`--topic "${topic}" may use only a-z, 0-9, _ and -`);
  if (problems.length > 0) return { files: [], added: 0, duplicates: 0, problems };

  const byCode = new Map<string, string[]>();
  let duplicates = 0;
  const seen = new Map<string, Set<string>>();
  const lines = fs.readFileSync(opts.file, 'utf8').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const tab = line.indexOf('\t');
    const code = tab >= 0 ? line.slice(0, tab).trim() : opts.category;
    const word = (tab >= 0 ? line.slice(tab + 1) : line).trim();
    if (!code) return void problems.push(`${path.basename(opts.file)}:${i + 1}: no category. Fix: write "code<TAB>word" or pass --category`);
    if (!opts.taxonomy.has(code)) return void problems.push(`${path.basename(opts.file)}:${i + 1}: unknown category "${code}". Fix: use a code from taxonomy.yaml`);
    const key = normalizeText(word);
    if (key.length < 2) return void problems.push(`${path.basename(opts.file)}:${i + 1}: "${word}" is shorter than 2 characters. Fix: drop it or use a longer phrase`);
    let keys = seen.get(code);
    if (!keys) {
      keys = existingKeys(path.join(opts.rulesDir, 'keywords', `${code}.${topic}.${opts.lang}.txt`));
      seen.set(code, keys);
    }
    if (keys.has(key)) return void duplicates++;
    keys.add(key);
    const list = byCode.get(code) ?? [];
    list.push(word);
    byCode.set(code, list);
  });

  const files: ImportReport['files'] = [];
  let added = 0;
  for (const [code, words] of byCode) {
    const file = path.join(opts.rulesDir, 'keywords', `${code}.${topic}.${opts.lang}.txt`);
    const exists = fs.existsSync(file);
    const header = exists ? '' : `# ${code} — imported from ${path.basename(opts.file)} by compliance-gateway rules import\n`;
    const prefix = exists && !fs.readFileSync(file, 'utf8').endsWith('\n') ? '\n' : '';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${header}${prefix}${words.join('\n')}\n`);
    files.push({ file: path.relative(opts.rulesDir, file), added: words.length, kept: (seen.get(code)?.size ?? words.length) - words.length });
    added += words.length;
  }
  return { files, added, duplicates, problems };
}
