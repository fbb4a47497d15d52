import fs from 'node:fs';
import path from 'node:path';
import { loadRuleSet, RulesError } from '../../../src/policy/rules';
import { copyRules, RULES_DIR } from '../../helpers/gateway';


describe('loadRuleSet', () => {
  it('loads the shipped packs: the whole taxonomy, a policy, keywords in both languages and regex rules', () => {
    const rs = loadRuleSet(RULES_DIR);
    const tc260 = [...rs.taxonomy.keys()].filter((c) => /^A\.\d\.[a-i]$/.test(c));
    expect(tc260).toHaveLength(31);
    for (const g of ['pii.', 'secret.', 'prompt_attack.']) expect([...rs.taxonomy.keys()].some((c) => c.startsWith(g))).toBe(true);
    expect(rs.keywords.some((k) => k.lang === 'zh')).toBe(true);
    expect(rs.keywords.some((k) => k.lang === 'en')).toBe(true);
    expect(rs.regexes.length).toBeGreaterThan(10);
    expect(rs.revision).toMatch(/^[0-9a-f]{16}$/);
  });

  it('has at least several dozen entries per shipped keyword list', () => {
    const counts = new Map<string, number>();
    for (const k of loadRuleSet(RULES_DIR).keywords) {
      const file = k.id.split(':')[1];
      counts.set(file, (counts.get(file) ?? 0) + 1);
    }
    for (const [file, n] of counts) expect({ file, enough: n >= 36 }).toEqual({ file, enough: true });
  });

  it('changes the revision when any rule file changes', () => {
    const dir = copyRules();
    const before = loadRuleSet(dir).revision;
    fs.appendFileSync(path.join(dir, 'keywords', 'A.1.f.explosives.en.txt'), '\nnew test phrase here\n');
    expect(loadRuleSet(dir).revision).not.toBe(before);
  });

  it('reports every problem at once, each with its fix', () => {
    const dir = copyRules();
    fs.writeFileSync(path.join(dir, 'policy.yaml'), 'version: 1\nmode: loud\nrefusal: {default_lang: en, text: {en: no}}\nactions:\n  - {category: "Z.9", action: block}\n');
    fs.writeFileSync(path.join(dir, 'keywords', 'nonsense.en.txt'), 'abc\n');
    fs.appendFileSync(path.join(dir, 'regex.yaml'), '  - {id: broken, category: pii.email, pattern: "(unclosed"}\n');
    let err: unknown;
    try {
      loadRuleSet(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RulesError);
    const problems = (err as RulesError).problems.join('\n');
    expect(problems).toMatch(/policy\.yaml: mode/);
    expect(problems).toMatch(/nonsense\.en\.txt.*Fix: rename/);
    expect(problems).toMatch(/rule broken pattern does not compile.*Fix/);
    expect((err as RulesError).problems.every((p) => p.includes('Fix'))).toBe(true);
  });
});
