"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MIN_A2 = exports.MIN_A1 = exports.MIN_TOTAL = void 0;
exports.coverage = coverage;
exports.coverageText = coverageText;
exports.MIN_TOTAL = 10_000;
exports.MIN_A1 = 200;
exports.MIN_A2 = 100;
function minimumFor(code) {
    if (code.startsWith('A.1.'))
        return exports.MIN_A1;
    if (code.startsWith('A.2.'))
        return exports.MIN_A2;
    return 0;
}
function coverage(ruleSet) {
    const counts = new Map();
    for (const e of ruleSet.keywords) {
        if (e.kind === 'allow')
            continue;
        counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
    }
    const rows = [];
    for (const code of ruleSet.taxonomy.keys()) {
        if (!/^A\.\d\.[a-z]$/.test(code))
            continue;
        const keywords = counts.get(code) ?? 0;
        const minimum = minimumFor(code);
        rows.push({ code, name: ruleSet.taxonomy.get(code)?.en ?? code, keywords, minimum, gap: Math.max(0, minimum - keywords) });
    }
    const total = [...counts].filter(([code]) => code.startsWith('A.')).reduce((n, [, c]) => n + c, 0);
    const totalGap = Math.max(0, exports.MIN_TOTAL - total);
    return { total, minimumTotal: exports.MIN_TOTAL, totalGap, rows, meets: totalGap === 0 && rows.every((r) => r.gap === 0) };
}
function coverageText(c) {
    const lines = ['code    keywords  minimum  gap   risk'];
    for (const r of c.rows) {
        lines.push(`${r.code.padEnd(8)}${String(r.keywords).padStart(8)}${String(r.minimum || '-').padStart(9)}${String(r.gap || '').padStart(5)}   ${r.name}`);
    }
    lines.push('');
    lines.push(`total ${c.total} keywords (minimum ${c.minimumTotal}${c.totalGap > 0 ? `, ${c.totalGap} short` : ''})`);
    const gaps = c.rows.filter((r) => r.gap > 0);
    lines.push(c.meets ? 'meets the TC260-003 §8.1 keyword-library minimums' : `gaps: ${gaps.length} risk(s) below their minimum${c.totalGap > 0 ? ' and the total is short' : ''}. Fix: add or import keywords for the codes above (compliance-gateway rules import)`);
    return lines.join('\n');
}
