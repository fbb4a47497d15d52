"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.percentile = percentile;
exports.evaluate = evaluate;
exports.formatReport = formatReport;
function percentile(sorted, p) {
    if (sorted.length === 0)
        return 0;
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function summarize(key, outs) {
    const harmful = outs.filter((o) => o.row.label === 'harmful');
    const benign = outs.filter((o) => o.row.label === 'benign');
    const blocked = harmful.filter((o) => o.action === 'block').length;
    const falseBlocked = benign.filter((o) => o.action === 'block').length;
    const ms = outs.map((o) => o.ms).sort((a, b) => a - b);
    const r = (x) => Math.round(x * 1000) / 1000;
    return {
        ...key,
        harmful: harmful.length,
        benign: benign.length,
        blocked,
        flagged: harmful.filter((o) => o.action !== 'allow').length,
        falseBlocked,
        falseFlagged: benign.filter((o) => o.action !== 'allow').length,
        recall: harmful.length ? r(blocked / harmful.length) : null,
        fpr: benign.length ? r(falseBlocked / benign.length) : null,
        p50Ms: r(percentile(ms, 50)),
        p95Ms: r(percentile(ms, 95)),
    };
}
function groupBy(outs, key) {
    const groups = new Map();
    for (const o of outs) {
        const k = key(o);
        const id = `${k.file}\0${k.lang}\0${k.category}`;
        const g = groups.get(id) ?? { key: k, outs: [] };
        g.outs.push(o);
        groups.set(id, g);
    }
    return [...groups.values()].map((g) => summarize(g.key, g.outs)).sort((a, b) => `${a.file}${a.lang}${a.category}`.localeCompare(`${b.file}${b.lang}${b.category}`));
}
async function evaluate(engine, rows, stage) {
    const outs = [];
    const role = stage === 'output' ? 'assistant' : 'user';
    for (const row of rows) {
        const t0 = process.hrtime.bigint();
        const verdict = await engine.inspect([{ path: 'text', role, text: row.text }], stage);
        outs.push({ row, action: verdict.action, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    }
    return {
        stage,
        rows: rows.length,
        groups: groupBy(outs, (o) => ({ file: o.row.file, lang: o.row.lang, category: o.row.category })),
        languages: groupBy(outs, (o) => ({ file: '(all)', lang: o.row.lang, category: '(all)' })),
    };
}
const pct = (x) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
function formatReport(report) {
    const header = 'file                                    lang category                  harmful recall  flagged benign  FPR     flagged p50ms  p95ms';
    const line = (g) => [
        g.file.padEnd(39), g.lang.padEnd(4), g.category.padEnd(25),
        String(g.harmful).padStart(7), pct(g.recall).padStart(7), String(g.flagged).padStart(8),
        String(g.benign).padStart(6), pct(g.fpr).padStart(7), String(g.falseFlagged).padStart(8),
        g.p50Ms.toFixed(2).padStart(6), g.p95Ms.toFixed(2).padStart(6),
    ].join(' ');
    return [`stage ${report.stage}, ${report.rows} rows; recall and FPR count blocked rows, "flagged" counts flag or worse`, header, ...report.groups.map(line), '', ...report.languages.map(line)].join('\n');
}
