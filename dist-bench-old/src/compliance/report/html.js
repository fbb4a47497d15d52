"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.escapeHtml = escapeHtml;
exports.renderHtml = renderHtml;
const deadline_1 = require("../../audit/deadline");
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
const iso = (ts) => new Date(ts).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
function table(headers, rows, empty = 'none') {
    if (rows.length === 0)
        return `<p class="muted">${escapeHtml(empty)}</p>`;
    const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
    const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
    return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
/** Trend as a bar per day: inline-width divs print everywhere, unlike canvas or SVG scripts. */
function trend(byDay) {
    if (byDay.length === 0)
        return '<p class="muted">no violations in the period</p>';
    const max = Math.max(...byDay.map((d) => d.count));
    return `<table class="trend">${byDay
        .map((d) => `<tr><td>${escapeHtml(d.day)}</td><td><div class="bar" style="width:${Math.max(1, Math.round((d.count / max) * 100))}%"></div></td><td>${escapeHtml(d.count)}</td></tr>`)
        .join('\n')}</table>`;
}
function chainSection(chain) {
    if ('error' in chain)
        return `<p class="bad">Chain verification failed to run: ${escapeHtml(chain.error)}</p>`;
    if (chain.ok)
        return `<p class="ok">Intact: ${escapeHtml(chain.rows)} rows verified; head #${escapeHtml(chain.head.id)} <code>${escapeHtml(chain.head.rowHash)}</code>. Keep this hash: a later report must show the same row unchanged.</p>`;
    const b = chain.firstBreak;
    return `<p class="bad">BROKEN: first ${escapeHtml(b?.reason)} row at id ${escapeHtml(b?.id)} (${escapeHtml(chain.rows)} rows read).</p>`;
}
function renderHtml(d) {
    const period = `${d.period.since !== undefined ? (0, deadline_1.isoDay)(d.period.since) : 'beginning'} – ${d.period.until !== undefined ? (0, deadline_1.isoDay)(d.period.until) : 'now'}`;
    const statuses = ['open', 'confirmed', 'overdue', 'false_positive', 'remediated'];
    const contentNote = d.storageModes.includes('full')
        ? ''
        : d.storageModes.includes('masked')
            ? '<p class="muted">Content is stored masked (personal data and matched spans replaced); exports use the masked text.</p>'
            : '<p class="muted">Content is stored as SHA-256 only; retraining exports and replay are not possible for these rows.</p>';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance report ${escapeHtml(period)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#111}
h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.muted{color:#666}.ok{color:#060}.bad{color:#a00;font-weight:bold}
.trend td{border:none;padding:1px 6px}.trend td:nth-child(2){width:60%}.bar{background:#4a6fa5;height:10px}
code{font-size:.85em;word-break:break-all}@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
</style></head><body>
<h1>Generative AI content compliance report</h1>
<p>Period: <b>${escapeHtml(period)}</b> · generated ${escapeHtml(iso(d.generatedAt))} · remediation deadline: detection + ${escapeHtml(d.months)} calendar months${d.filters.length ? ` · filters: ${escapeHtml(d.filters.join(', '))}` : ''}</p>
${contentNote}
<h2>Summary</h2>
${table(['violations recorded', ...statuses.map((s) => `items ${s}`), 'complaints', 'complaints unanswered', 'complaints late'], [[d.stats.violations, ...statuses.map((s) => d.stats.itemsByStatus[s] ?? 0), d.complaints.total, d.complaints.open, d.complaints.late]])}
<h2>Violations by category and stage</h2>
${table(['category', 'stage', 'violations'], d.stats.byCategoryStage.map((r) => [r.category, r.stage, r.count]))}
<h2>Trend (violations per day, UTC)</h2>
${trend(d.stats.byDay)}
<h2>Open and overdue remediation items</h2>
${table(['item', 'category', 'stage', 'source', 'count', 'status', 'detected', 'deadline'], d.urgent.map((i) => [`#${i.id}`, i.category, i.stage, i.source, i.count, i.status, (0, deadline_1.isoDay)(i.detectedAt), (0, deadline_1.isoDay)(i.deadline)]))}
${d.urgent.length >= d.urgentLimit ? `<p class="muted">Showing the ${escapeHtml(d.urgentLimit)} most urgent; export all with --format csv.</p>` : ''}
<h2>Remediation evidence</h2>
<h3>Replay (regeneration) by category</h3>
${table(['category', 'items replayed', 'still violating', 'regeneration rate'], d.replays.map((r) => [r.category, r.replayed, r.stillViolating, `${((100 * r.stillViolating) / Math.max(1, r.replayed)).toFixed(1)}%`]), 'no replay in the period')}
<h3>Status changes (reviews, replay, deadlines)</h3>
${table(['time', 'item', 'category', 'by', 'from', 'to', 'note'], d.evidence.map((e) => [iso(e.ts), `#${e.itemId}`, e.category, e.by, e.from, e.to, e.note]))}
<h2>Policy revisions loaded</h2>
${table(['revision', 'content hash', 'first loaded', 'last loaded', 'loads', 'keywords', 'patterns'], d.revisions.map((r) => [r.revision, r.contentHash, iso(r.firstLoadedAt), iso(r.lastLoadedAt), r.loads, r.keywords, r.regexes]))}
<h2>Audit chain verification</h2>
${chainSection(d.chain)}
</body></html>
`;
}
