/**
 * Pattern detector for PII, secrets and prompt attacks (rules/regex.yaml). Runs on the original
 * text with NFKC applied only when it keeps offsets (length-preserving), so spans stay exact.
 * Validators (Luhn, GB 11643) reject look-alike numbers.
 */
import { excerpt } from '../policy/mask';
import type { RegexRule } from '../policy/regex-file';
import type { Detector, Finding, Segment, Stage } from '../types';
import { cnIdValid, luhnValid } from './validators';

function valid(rule: RegexRule, value: string): boolean {
  if (rule.validate === 'luhn') return luhnValid(value);
  if (rule.validate === 'cn_id') return cnIdValid(value);
  return true;
}

/** NFKC per UTF-16 unit where it maps one unit to one unit (full-width digits and letters). */
function foldWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const n = ch.normalize('NFKC');
    out += n.length === ch.length ? n : ch;
  }
  return out;
}

export interface RegexDetectorOptions {
  rules: RegexRule[];
  stage: Stage;
}

export function createRegexDetector(opts: RegexDetectorOptions): Detector {
  const rules = opts.rules.filter((r) => r.stages.includes(opts.stage));
  return {
    id: 'regex',
    stages: [opts.stage],
    detect: function detectPatterns(segments: Segment[]): Finding[] {
      const findings: Finding[] = [];
      segments.forEach((segment, index) => {
        const text = foldWidth(segment.text);
        for (const rule of rules) {
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
