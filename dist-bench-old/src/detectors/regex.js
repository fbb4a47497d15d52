"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.foldWidth = foldWidth;
exports.createRegexDetector = createRegexDetector;
/**
 * Pattern detector for PII, secrets and prompt attacks (rules/regex.yaml). Runs on the original
 * text with NFKC applied only when it keeps offsets (length-preserving), so spans stay exact.
 * Validators (Luhn, GB 11643) reject look-alike numbers.
 *
 * Each rule is a separate pass over the text, so a rule's `prefilters` (cheap necessary conditions:
 * '@' for e-mail, the label words for QQ numbers) are checked first and most rules skip most texts.
 * Prefilters never change findings; test/unit/detectors/regex-prefilter.test.ts checks that.
 */
const mask_1 = require("../policy/mask");
const validators_1 = require("./validators");
function valid(rule, value) {
    if (rule.validate === 'luhn')
        return (0, validators_1.luhnValid)(value);
    if (rule.validate === 'cn_id')
        return (0, validators_1.cnIdValid)(value);
    return true;
}
/**
 * Characters that NFKC can change: outside ASCII (which NFKC keeps) and Changes_When_NFKC_Casefolded,
 * a superset of "NFKC changes it" because NFKC_Casefold output is always in NFKC form.
 */
const MAY_FOLD = /(?![\0-\x7f])\p{Changes_When_NFKC_Casefolded}/gu;
const FOLDS = new Map();
function foldOne(ch) {
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
function foldWidth(text) {
    MAY_FOLD.lastIndex = 0;
    if (!MAY_FOLD.test(text))
        return text;
    return text.replace(MAY_FOLD, foldOne);
}
/** Whether every prefilter of a rule matches; results are shared between rules within one text. */
function mayMatch(rule, text, seen) {
    for (const p of rule.prefilters) {
        let hit = seen.get(p);
        if (hit === undefined) {
            hit = p.test(text);
            seen.set(p, hit);
        }
        if (!hit)
            return false;
    }
    return true;
}
function createRegexDetector(opts) {
    const rules = opts.rules.filter((r) => r.stages.includes(opts.stage));
    const usePrefilters = opts.prefilters ?? true;
    return {
        id: 'regex',
        stages: [opts.stage],
        detect: function detectPatterns(segments) {
            const findings = [];
            segments.forEach((segment, index) => {
                const text = foldWidth(segment.text);
                const seen = new Map();
                for (const rule of rules) {
                    if (usePrefilters && !mayMatch(rule, text, seen))
                        continue;
                    rule.regex.lastIndex = 0;
                    for (const m of text.matchAll(rule.regex)) {
                        if (!valid(rule, m[0]))
                            continue;
                        const span = [m.index, m.index + m[0].length];
                        findings.push({
                            detector: 'regex',
                            ruleId: rule.id,
                            category: rule.category,
                            severity: rule.severity,
                            score: 1,
                            segment: index,
                            span,
                            excerpt: (0, mask_1.excerpt)(segment.text, span, rule.mask),
                        });
                    }
                }
            });
            return findings;
        },
    };
}
