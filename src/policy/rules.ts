/**
 * Loads a rules directory (taxonomy, policy, regex rules, keyword lists) into one immutable RuleSet.
 * Every problem in every file is collected and reported at once; an invalid directory is refused,
 * never half-loaded. The revision is a hash of every file's bytes, recorded with each decision.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseModel, type Model } from '../classifier/model';
import { loadKeywordFile, type KeywordEntry } from './keywords-file';
import { loadPolicy, type Policy } from './policy-file';
import { loadRegexRules, type RegexRule } from './regex-file';
import { loadTaxonomy, type Taxonomy } from './taxonomy';

export interface RuleSet {
  dir: string;
  revision: string;
  loadedAt: number;
  taxonomy: Taxonomy;
  policy: Policy;
  keywords: KeywordEntry[];
  regexes: RegexRule[];
  /** The local classifier model named in policy.yaml `classifiers.local.model`, when there is one. */
  classifierModel?: Model;
  /** Its file and the SHA-256 of the bytes it was loaded from (classifier workers load the same). */
  classifierModelSource?: { file: string; sha256: string };
}

export class RulesError extends Error {
  readonly problems: string[];
  constructor(dir: string, problems: string[]) {
    super(`invalid rules in ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RulesError';
    this.problems = problems;
  }
}

function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The model and the digest of the very bytes it was parsed from. */
function readModel(file: string, problems: string[]): { model: Model; bytes: Buffer; source: { file: string; sha256: string } } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    problems.push(`${file}: the classifier model cannot be read (${(err as Error).message}). Fix: check classifiers.local.model in policy.yaml`);
    return undefined;
  }
  const model = parseModel(bytes.toString('utf8'), file, problems);
  return model ? { model, bytes, source: { file, sha256: crypto.createHash('sha256').update(bytes).digest('hex') } } : undefined;
}

export function loadRuleSet(dir: string): RuleSet {
  const problems: string[] = [];
  if (!fs.existsSync(path.join(dir, 'taxonomy.yaml'))) {
    throw new RulesError(dir, [`no taxonomy.yaml in ${dir}. Fix: point --rules / RULES_DIR at a rules folder such as the project's rules/`]);
  }
  const taxonomy = loadTaxonomy(path.join(dir, 'taxonomy.yaml'), problems);
  const policy = loadPolicy(path.join(dir, 'policy.yaml'), taxonomy, problems);
  const regexFile = path.join(dir, 'regex.yaml');
  const regexes = fs.existsSync(regexFile) ? loadRegexRules(regexFile, taxonomy, problems) : [];
  const keywordFiles = listFiles(path.join(dir, 'keywords'), '.txt');
  const keywords = keywordFiles.flatMap((f) => loadKeywordFile(f, taxonomy, problems));
  const modelFile = policy?.classifiers?.local ? path.resolve(dir, policy.classifiers.local.model) : undefined;
  const model = modelFile ? readModel(modelFile, problems) : undefined;
  if (problems.length > 0 || !policy) throw new RulesError(dir, problems);

  const hash = crypto.createHash('sha256');
  for (const file of [path.join(dir, 'taxonomy.yaml'), path.join(dir, 'policy.yaml'), regexFile, ...keywordFiles, ...(modelFile ? [modelFile] : [])]) {
    if (!fs.existsSync(file)) continue;
    // The model (megabytes) was read above: hash the bytes it was parsed from, not a second read.
    const bytes = file === modelFile && model ? model.bytes : fs.readFileSync(file);
    hash.update(path.relative(dir, file)).update('\0').update(bytes).update('\0');
  }
  return { dir, revision: hash.digest('hex').slice(0, 16), loadedAt: Date.now(), taxonomy, policy, keywords, regexes, classifierModel: model?.model, classifierModelSource: model?.source };
}
