"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createKeywordDetector = createKeywordDetector;
const mask_1 = require("../policy/mask");
const normalize_1 = require("../policy/normalize");
const decode_1 = require("./decode");
const keyword_matcher_1 = require("./keyword-matcher");
function createKeywordDetector(opts) {
    const { entries } = opts;
    const matcher = new keyword_matcher_1.KeywordMatcher(entries, opts);
    const maxDepth = opts.decodeDepth ?? 2;
    const budget = opts.decodeBudget ?? decode_1.DEFAULT_DECODE_LIMITS.maxRunLength;
    /** Hits in `text`, with spans in `text`; encoded runs rescanned down to `maxDepth`. */
    function locate(text, depth, spent) {
        // Transient: every use of `norm` is over before the recursion below normalizes again.
        const norm = (0, normalize_1.normalizeTransient)(text);
        const out = matcher.scan(norm.codes, norm.text).map((h) => ({
            entry: entries[h.entry],
            span: (0, normalize_1.toOriginalSpan)(norm, h.start, h.end),
            matched: h.matched,
            ...(h.reversed ? { via: 'reversed' } : {}),
        }));
        if (depth >= maxDepth)
            return out;
        for (const run of (0, decode_1.findEncodedRuns)(text)) {
            if (spent.chars + run.decoded.length > budget)
                break;
            spent.chars += run.decoded.length;
            for (const inner of locate(run.decoded, depth + 1, spent)) {
                // Piecewise decoders (URL, HTML, \u) know where each decoded character came from.
                const span = run.starts && run.ends ? [run.start + run.starts[inner.span[0]], run.start + run.ends[inner.span[1] - 1]] : [run.start, run.end];
                out.push({ ...inner, span, via: inner.via ? `${run.via}>${inner.via}` : run.via });
            }
        }
        return out;
    }
    return {
        id: 'keyword',
        stages: opts.stages ?? ['input', 'output'],
        pendingLength(normalizedText) {
            const pending = matcher.automaton.pendingLength(normalizedText);
            if (pending === 0)
                return 0;
            // A run of one repeated character before the partial match may collapse into it later
            // ("炸炸" + "炸弹" → "炸弹" starting at the first 炸): hold the whole run back.
            let start = normalizedText.length - pending;
            while (start > 0 && normalizedText[start - 1] === normalizedText[start])
                start--;
            return normalizedText.length - start;
        },
        detect: function detectKeywords(segments) {
            const findings = [];
            segments.forEach((segment, index) => {
                const seen = new Set();
                for (const hit of locate(segment.text, 0, { chars: 0 })) {
                    const key = `${hit.entry.id}@${hit.span[0]}-${hit.span[1]}`;
                    if (seen.has(key))
                        continue; // a keyword and its variant at the same place: one finding
                    seen.add(key);
                    findings.push({
                        detector: 'keyword',
                        ruleId: hit.entry.id,
                        category: hit.entry.category,
                        severity: hit.entry.severity,
                        score: 1,
                        segment: index,
                        span: hit.span,
                        excerpt: (0, mask_1.excerpt)(segment.text, hit.span, null),
                        matched: hit.matched,
                        ...(hit.via ? { via: hit.via } : {}),
                        ...(opts.lexicon ? { lexicon: opts.lexicon } : {}),
                    });
                }
            });
            return findings;
        },
    };
}
