/**
 * Pattern detector for PII, secrets and prompt attacks (rules/regex.yaml). Runs on the original
 * text with NFKC applied only when it keeps offsets (length-preserving), so spans stay exact.
 * Validators (Luhn, GB 11643) reject look-alike numbers.
 *
 * Each rule is a separate pass over the text, so a rule's `prefilters` (cheap necessary conditions:
 * '@' for e-mail, the label words for QQ numbers) are checked first and most rules skip most texts.
 * Prefilters never change findings; test/unit/detectors/regex-prefilter.test.ts checks that. The
 * literal ones are answered together, in one pass (prefilter-scan.ts).
 */
import { excerpt } from '../policy/mask';
import type { RegexRule } from '../policy/regex-file';
import type { Detector, Finding, Segment, Stage } from '../types';
import { PrefilterScan } from './prefilter-scan';
import { cnIdValid, luhnValid } from './validators';

function valid(rule: RegexRule, value: string): boolean {
  if (rule.validate === 'luhn') return luhnValid(value);
  if (rule.validate === 'cn_id') return cnIdValid(value);
  return true;
}

/**
 * Characters that NFKC can change: outside ASCII (which NFKC keeps) and Changes_When_NFKC_Casefolded,
 * a superset of "NFKC changes it" because NFKC_Casefold output is always in NFKC form.
 */
const MAY_FOLD = /(?![\0-\x7f])\p{Changes_When_NFKC_Casefolded}/gu;
const FOLDS = new Map<string, string>();

function foldOne(ch: string): string {
  let folded = FOLDS.get(ch);
  if (folded === undefined) {
    const n = ch.normalize('NFKC');
    folded = n.length === ch.length ? n : ch;
    // Bounded by the number of candidate code points (a few thousand).
    FOLDS.set(ch, folded);
  }
  return folded;
}

/**
 * NFKC per code point where it maps one to the same number of UTF-16 units (full-width digits and
 * letters). Only candidate characters are looked at; a text without any is returned as is.
 */
export function foldWidth(text: string): string {
  MAY_FOLD.lastIndex = 0;
  if (!MAY_FOLD.test(text)) return text;
  return text.replace(MAY_FOLD, foldOne);
}

export interface RegexDetectorOptions {
  rules: RegexRule[];
  stage: Stage;
  /** false: run every rule on every text (only the prefilter equivalence test turns them off). */
  prefilters?: boolean;
}

/** Whether every prefilter of a rule matches; results are shared between rules within one text. */
function mayMatch(rule: RegexRule, text: string, seen: Map<RegExp, boolean>): boolean {
  for (const p of rule.prefilters) {
    let hit = seen.get(p);
    if (hit === undefined) {
      hit = p.test(text);
      seen.set(p, hit);
    }
    if (!hit) return false;
  }
  return true;
}

export function createRegexDetector(opts: RegexDetectorOptions): Detector {
  const rules = opts.rules.filter((r) => r.stages.includes(opts.stage));
  const usePrefilters = opts.prefilters ?? true;
  const literals = new PrefilterScan(rules.flatMap((r) => r.prefilters));
  return {
    id: 'regex',
    pure: true,
    stages: [opts.stage],
    detect: function detectPatterns(segments: Segment[]): Finding[] {
      const findings: Finding[] = [];
      segments.forEach((segment, index) => {
        const text = foldWidth(segment.text);
        const seen = new Map<RegExp, boolean>();
        if (usePrefilters) literals.scan(text, seen);
        for (const rule of rules) {
          if (usePrefilters && !mayMatch(rule, text, seen)) continue;
          rule.regex.lastIndex = 0;
          for (const m of text.matchAll(rule.regex)) {
            if (!valid(rule, m[0])) continue;
            const span: [number, number] = [m.index, m.index + m[0].length];
            findings.push({
              detector: 'regex',
              ruleId: rule.id,
              category: rule.category,
              severity: rule.severity,
              score: 1,
              segment: index,
              span,
              excerpt: excerpt(segment.text, span, rule.mask),
            });
          }
        }
      });
      return findings;
    },
  };
}
