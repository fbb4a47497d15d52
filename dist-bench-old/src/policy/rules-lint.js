"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.duplicateKeywords = duplicateKeywords;
exports.duplicateLines = duplicateLines;
exports.benignTexts = benignTexts;
exports.everydayMatches = everydayMatches;
exports.regexIssues = regexIssues;
/**
 * `rules check`: lints a loaded rules folder. Errors refuse the folder (catastrophic-backtracking
 * regexes); warnings are for a person to review (duplicate keywords, keywords that fire on benign
 * everyday text from the labelled datasets).
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const keyword_1 = require("../detectors/keyword");
const regex_safety_1 = require("./regex-safety");
/** Same normalized text listed twice: within a file, or in two files of one category. */
function duplicateKeywords(ruleSet) {
    const issues = [];
    const first = new Map();
    for (const e of ruleSet.keywords) {
        const key = `${e.category}\u0000${e.kind ?? 'block'}\u0000${e.text}`;
        const earlier = first.get(key);
        if (earlier)
            issues.push({ level: 'warning', kind: 'duplicate', rule: e.id, message: `"${e.text}" duplicates ${earlier} in category ${e.category}. Fix: delete one of the two lines` });
        else
            first.set(key, e.id);
    }
    return issues;
}
/** Within-file duplicates are dropped by the loader, so they are found from the files themselves. */
function duplicateLines(rulesDir) {
    const dir = node_path_1.default.join(rulesDir, 'keywords');
    if (!node_fs_1.default.existsSync(dir))
        return [];
    const issues = [];
    for (const name of node_fs_1.default.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
        const seen = new Map();
        node_fs_1.default.readFileSync(node_path_1.default.join(dir, name), 'utf8')
            .split(/\r?\n/)
            .forEach((raw, i) => {
            const line = raw.trim().toLowerCase();
            if (line === '' || line.startsWith('#'))
                return;
            const at = seen.get(line);
            if (at !== undefined)
                issues.push({ level: 'warning', kind: 'duplicate', rule: `kw:${name.replace(/\.txt$/, '')}:${i + 1}`, message: `repeats line ${at}. Fix: delete the line` });
            else
                seen.set(line, i + 1);
        });
    }
    return issues;
}
/** Benign rows (label "benign") of the JSONL files given. */
function benignTexts(files) {
    const rows = [];
    for (const file of files) {
        node_fs_1.default.readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
            if (!line.startsWith('{'))
                return;
            try {
                const row = JSON.parse(line);
                if (typeof row.text === 'string' && (row.label === undefined || row.label === 'benign'))
                    rows.push({ source: `${node_path_1.default.basename(file)}:${i + 1}`, text: row.text });
            }
            catch {
                // not a JSON row: skip
            }
        });
    }
    return rows;
}
/** Keywords that fire on benign text: probably everyday words. One warning per keyword. */
function everydayMatches(ruleSet, benign) {
    const detector = (0, keyword_1.createKeywordDetector)({ entries: ruleSet.keywords, decodeDepth: 0 });
    const signal = new AbortController().signal;
    const hits = new Map();
    for (const row of benign) {
        for (const f of detector.detect([{ path: row.source, text: row.text }], signal)) {
            const h = hits.get(f.ruleId) ?? { count: 0, example: `${row.source} ${f.excerpt}` };
            h.count++;
            hits.set(f.ruleId, h);
        }
    }
    return [...hits].map(([rule, h]) => ({
        level: 'warning',
        kind: 'everyday',
        rule,
        message: `matches ${h.count} benign row(s), e.g. ${h.example}. Fix: make the entry more specific, or add an allow-list entry (#! kind: allow) that covers the benign use`,
    }));
}
/** Refuses regexes with nested unbounded quantifiers or that run long on adversarial input. */
async function regexIssues(ruleSet, budgetMs) {
    const issues = [];
    for (const r of ruleSet.regexes) {
        const nested = (0, regex_safety_1.nestedQuantifier)(r.regex.source);
        if (nested)
            issues.push({ level: 'error', kind: 'regex', rule: r.id, message: `${nested} can backtrack catastrophically. Fix: bound the repetition ({1,64}) or remove the inner quantifier` });
    }
    const slow = await (0, regex_safety_1.slowRegexes)(ruleSet.regexes.map((r) => ({ id: r.id, source: r.regex.source, flags: r.regex.flags })), budgetMs);
    for (const s of slow)
        issues.push({ level: 'error', kind: 'regex', rule: s.id, message: s.message });
    return issues;
}
