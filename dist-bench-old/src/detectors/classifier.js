"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WINDOW_CHARS = void 0;
exports.windows = windows;
exports.createClassifierDetector = createClassifierDetector;
const settings_1 = require("../classifier/settings");
const tokenize_1 = require("../classifier/tokenize");
/** ~2 KB of text per window: long enough for context, short enough that one request is not diluted. */
exports.WINDOW_CHARS = 2000;
const OVERLAP_CHARS = 200;
function windows(text) {
    if (text.length <= exports.WINDOW_CHARS)
        return [text];
    const out = [];
    for (let start = 0; start < text.length; start += exports.WINDOW_CHARS - OVERLAP_CHARS) {
        out.push(text.slice(start, start + exports.WINDOW_CHARS));
        if (start + exports.WINDOW_CHARS >= text.length)
            break;
    }
    return out;
}
function severityFor(score, t) {
    if (score >= t.block)
        return 'high';
    if (score >= t.flag)
        return 'medium';
    return null;
}
function createClassifierDetector(opts) {
    const { model, budgetMs, thresholds } = opts;
    const now = opts.now ?? (() => performance.now());
    // Load the jieba dictionary now, at engine creation, not inside the first request's time budget.
    (0, tokenize_1.features)('预热 warm-up');
    return {
        id: `classifier:${model.name}`,
        stages: opts.stages,
        detect: function classify(segments, signal) {
            const started = now();
            const findings = [];
            segments.forEach((segment, index) => {
                let worst;
                for (const text of windows(segment.text)) {
                    if (signal.aborted || now() - started > budgetMs)
                        throw new Error(`time budget of ${budgetMs} ms exceeded`);
                    const feats = (0, tokenize_1.features)(text);
                    const s = model.scoreFeatures(feats);
                    if (!worst || s.harm > worst.harm)
                        worst = { ...s, feats };
                }
                if (!worst)
                    return;
                const t = (0, settings_1.thresholdsFor)(thresholds, worst.category);
                const severity = t ? severityFor(worst.harm, t) : null;
                if (!severity)
                    return;
                findings.push({
                    detector: 'classifier',
                    ruleId: `clf:${model.name}:${worst.category}`,
                    category: worst.category,
                    severity,
                    score: Math.round(worst.harm * 1000) / 1000,
                    segment: index,
                    excerpt: `score ${worst.harm.toFixed(2)}; terms: ${model.explain(worst.feats, 3).join(', ')}`,
                });
            });
            return findings;
        },
    };
}
