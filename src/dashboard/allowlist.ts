/**
 * A false positive becomes an allow-list entry in one step: the phrase is appended to
 * `rules/keywords/<category>.allowlist.<lang>.txt` under `#! kind: allow` (the detection engine's
 * own allow-list format, see README "Adding a keyword list"), and the rules are reloaded so it takes
 * effect at once. The phrase must contain the words that matched (checked with the current engine),
 * and must stop the match (checked with the reloaded one); otherwise the file is put back as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RulesHolder } from '../policy/holder';
import type { Finding, Stage } from '../types';

export interface AllowlistRequest {
  finding: Finding;
  stage: Stage;
  phrase: string;
  officer: string;
  violationId: number;
  now: number;
}

export type AllowlistResult =
  | { ok: true; file: string; revision: string }
  | { ok: false; status: number; message: string; problems?: string[] };

const CATEGORY = /^[A-Za-z0-9._-]{1,64}$/;

export function allowlistFileName(category: string, phrase: string): string {
  const lang = /\p{Script=Han}/u.test(phrase) ? 'zh' : 'en';
  return `${category}.allowlist.${lang}.txt`;
}

/** Whether the engine finds the finding's rule in `phrase`. */
async function ruleFires(rules: RulesHolder, phrase: string, f: Finding, stage: Stage): Promise<boolean> {
  const verdict = await rules.current().inspect([{ path: 'allowlist', text: phrase }], stage, { lane: 'deterministic' });
  return verdict.findings.some((x) => x.ruleId === f.ruleId);
}

export async function addAllowlistEntry(rules: RulesHolder, r: AllowlistRequest): Promise<AllowlistResult> {
  const f = r.finding;
  if (f.detector !== 'keyword' || !f.ruleId.startsWith('kw:')) {
    return { ok: false, status: 400, message: `only keyword findings can be allow-listed; ${f.ruleId} is a ${f.detector} rule (edit regex.yaml or the policy instead)` };
  }
  if (!CATEGORY.test(f.category)) return { ok: false, status: 400, message: 'the finding has no usable category' };
  if (!(await ruleFires(rules, r.phrase, f, r.stage))) {
    return { ok: false, status: 400, message: `the phrase does not contain what ${f.ruleId} matched; write the benign phrase around the matched words (e.g. "冰毒的危害" for 冰毒)` };
  }
  const dir = path.join(rules.current().ruleSet.dir, 'keywords');
  const name = allowlistFileName(f.category, r.phrase);
  const file = path.join(dir, name);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  const header = before === null
    ? `# Allow list for ${f.category}, written by the compliance dashboard: phrases reviewed as not violating.\n#! kind: allow\n`
    : before.endsWith('\n') || before === '' ? '' : '\n';
  const day = new Date(r.now).toISOString().slice(0, 10);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(file, `${header}# ${day} ${r.officer}: false positive of ${f.ruleId} (violation #${r.violationId})\n${r.phrase}\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, status: 500, message: `cannot write keywords/${name} (${code}); give the gateway write access to the rules folder` };
  }
  const restore = () => (before === null ? fs.rmSync(file, { force: true }) : fs.writeFileSync(file, before));

  const result = rules.reload();
  if (!result.ok) {
    restore();
    rules.reload();
    return { ok: false, status: 422, message: 'the rules did not load with this entry; nothing was changed', problems: result.problems };
  }
  if (await ruleFires(rules, r.phrase, f, r.stage)) {
    restore();
    rules.reload();
    return { ok: false, status: 422, message: `the entry would not stop ${f.ruleId} from matching this phrase; nothing was changed` };
  }
  return { ok: true, file: `keywords/${name}`, revision: result.revision };
}
