/** `rules check`, `rules coverage` and `rules import`: the functions behind them and the commands. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerRules } from '../../../src/commands/rules';
import { coverage, MIN_A1, MIN_A2 } from '../../../src/policy/coverage';
import { importKeywords } from '../../../src/policy/keyword-import';
import { nestedQuantifier, slowRegexes } from '../../../src/policy/regex-safety';
import { loadRuleSet } from '../../../src/policy/rules';
import { benignTexts, duplicateKeywords, duplicateLines, everydayMatches } from '../../../src/policy/rules-lint';
import { loadTaxonomy } from '../../../src/policy/taxonomy';

const RULES = path.resolve(__dirname, '../../../rules');

/** A rules folder with the shipped taxonomy, policy and models, an empty regex file and the given lists. */
function rulesFolder(lists: Record<string, string>, regexYaml = 'version: 1\nrules: []\n'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
  for (const f of ['taxonomy.yaml', 'policy.yaml']) fs.copyFileSync(path.join(RULES, f), path.join(dir, f));
  // policy.yaml may name classifier models; they come along unchanged.
  if (fs.existsSync(path.join(RULES, 'models'))) fs.cpSync(path.join(RULES, 'models'), path.join(dir, 'models'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'regex.yaml'), regexYaml);
  fs.mkdirSync(path.join(dir, 'keywords'));
  for (const [name, body] of Object.entries(lists)) fs.writeFileSync(path.join(dir, 'keywords', name), body);
  return dir;
}

async function run(args: string[]): Promise<{ out: string; code: number }> {
  const program = new Command().exitOverride();
  registerRules(program);
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'cg', ...args]);
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, code };
}

describe('regex safety', () => {
  it.each(['(a+)+$', '(\\w+\\s?)*x', '(?:x*y?)+z', '([a-z]+\\d*){2,}!'])('refuses the nested quantifier in %s', (source) => {
    expect(nestedQuantifier(source)).toMatch(/nested quantifier/);
  });

  it.each(['(?:[ -]?\\d{4}){2}', '[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}', '(ab)+c', 'a+b+', '\\(+\\)+'])('accepts %s', (source) => {
    expect(nestedQuantifier(source)).toBeNull();
  });

  it('stops a regex that backtracks catastrophically and keeps checking the rest', async () => {
    const problems = await slowRegexes(
      [
        { id: 'fine', source: 'a{1,8}b', flags: 'u' },
        { id: 'evil', source: '^(a|aa)+$', flags: 'u' },
        { id: 'after', source: '\\d{3}', flags: 'u' },
      ],
      100,
    );
    expect(problems.map((p) => p.id)).toEqual(['evil']);
  });

  it('`rules check` exits 1 on a catastrophic regex and names it', async () => {
    const dir = rulesFolder({}, "version: 1\nrules:\n  - id: evil\n    category: pii.email\n    pattern: '(\\w+\\s?)*@'\n");
    fs.writeFileSync(path.join(dir, 'empty.jsonl'), '');
    const { out, code } = await run(['rules', 'check', '--rules', dir, '--benign', path.join(dir, 'empty.jsonl'), '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out).issues).toContainEqual(expect.objectContaining({ level: 'error', kind: 'regex', rule: 'evil' }));
  }, 20000);
});

describe('keyword lint', () => {
  it('reports duplicates within a file and across files of one category', () => {
    const dir = rulesFolder({ 'A.1.f.a.zh.txt': '炸药\n雷管\n炸药\n', 'A.1.f.b.zh.txt': '雷管\n' });
    expect(duplicateLines(dir).map((i) => i.rule)).toEqual(['kw:A.1.f.a.zh:3']);
    expect(duplicateKeywords(loadRuleSet(dir)).map((i) => i.rule)).toEqual(['kw:A.1.f.b.zh:1']);
  });

  it('reports keywords that fire on benign rows only, with the row they matched', () => {
    const dir = rulesFolder({ 'A.1.f.a.zh.txt': '药店\n自制炸药\n' });
    const benign = path.join(dir, 'benign.jsonl');
    fs.writeFileSync(benign, `${JSON.stringify({ text: '附近的药店几点关门？', label: 'benign' })}\n${JSON.stringify({ text: '自制炸药', label: 'harmful' })}\n`);
    const issues = everydayMatches(loadRuleSet(dir), benignTexts([benign]));
    expect(issues.map((i) => i.rule)).toEqual(['kw:A.1.f.a.zh:1']);
    expect(issues[0].message).toContain('benign.jsonl:1');
  });
});

describe('coverage', () => {
  it('counts keywords per TC260 risk against the §8.1 minimums and shows the gaps', () => {
    const dir = rulesFolder({ 'A.1.d.t.zh.txt': Array.from({ length: 250 }, (_, i) => `词条${i}号`).join('\n'), 'A.2.a.t.zh.txt': '甲乙\n#! kind: allow\n丙丁\n' });
    const c = coverage(loadRuleSet(dir));
    expect(c.rows.find((r) => r.code === 'A.1.d')).toMatchObject({ keywords: 250, minimum: MIN_A1, gap: 0 });
    expect(c.rows.find((r) => r.code === 'A.2.a')).toMatchObject({ keywords: 1, minimum: MIN_A2, gap: 99 });
    expect(c.rows.find((r) => r.code === 'A.3.a')).toMatchObject({ minimum: 0, gap: 0 });
    expect(c).toMatchObject({ total: 251, totalGap: 10_000 - 251, meets: false });
  });

  it('`rules coverage --json` prints the same numbers', async () => {
    const { out } = await run(['rules', 'coverage', '--rules', RULES, '--json']);
    const c = JSON.parse(out);
    expect(c.total).toBe(coverage(loadRuleSet(RULES)).total);
    expect(c.rows.length).toBe(31);
  });
});

describe('import', () => {
  const taxonomy = loadTaxonomy(path.join(RULES, 'taxonomy.yaml'), []);

  it('splits a code<TAB>word library into one file per code, skipping what is already there', () => {
    const dir = rulesFolder({ 'A.1.h.imported.zh.txt': '网络赌场\n' });
    const lib = path.join(dir, 'lib.txt');
    fs.writeFileSync(lib, '# library\nA.1.h\t网络赌场\nA.1.h\t地下钱庄\nA.2.d\t甲地人都\nX.9\t坏代码\n');
    const report = importKeywords({ file: lib, rulesDir: dir, taxonomy, lang: 'zh' });
    expect(report).toMatchObject({ added: 2, duplicates: 1 });
    expect(report.problems).toEqual([expect.stringContaining('unknown category "X.9"')]);
    expect(fs.readFileSync(path.join(dir, 'keywords', 'A.1.h.imported.zh.txt'), 'utf8')).toBe('网络赌场\n地下钱庄\n');
    const rs = loadRuleSet(dir);
    expect(rs.keywords.map((k) => k.id)).toEqual(expect.arrayContaining(['kw:A.1.h.imported.zh:2', 'kw:A.2.d.imported.zh:2']));
  });

  it('takes the category from --category for plain word lists, and loads 100,000 entries', () => {
    const dir = rulesFolder({});
    const lib = path.join(dir, 'big.txt');
    fs.writeFileSync(lib, Array.from({ length: 100_000 }, (_, i) => `条目${i}号`).join('\n'));
    const report = importKeywords({ file: lib, rulesDir: dir, taxonomy, lang: 'zh', category: 'A.1.g' });
    expect(report.added).toBe(100_000);
    expect(loadRuleSet(dir).keywords).toHaveLength(100_000);
  }, 60000);
});
