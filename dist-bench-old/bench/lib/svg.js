"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lineChart = lineChart;
const W = 640;
const H = 360;
const M = { left: 70, right: 170, top: 40, bottom: 50 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** A round step giving about five ticks up to max. */
function tickStep(max) {
    const raw = max / 5;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const norm = raw / mag;
    return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}
function fmt(n) {
    return Math.abs(n) >= 1000 ? `${Math.round(n / 100) / 10}k` : String(Math.round(n * 100) / 100);
}
function lineChart(spec) {
    const values = spec.series.flatMap((s) => s.values.filter((v) => v !== null));
    const step = tickStep(Math.max(1e-9, ...values) * 1.05);
    const yMax = Math.ceil((Math.max(1e-9, ...values) * 1.05) / step) * step;
    const plotW = W - M.left - M.right;
    const plotH = H - M.top - M.bottom;
    const xAt = (i) => M.left + (spec.x.length === 1 ? plotW / 2 : (i * plotW) / (spec.x.length - 1));
    const yAt = (v) => M.top + plotH - (v / yMax) * plotH;
    const out = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${W / 2 - M.right / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(spec.title)}</text>`,
    ];
    for (let v = 0; v <= yMax + step / 2; v += step) {
        const y = yAt(v).toFixed(1);
        out.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + plotW}" y2="${y}" stroke="#ddd"/>`);
        out.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmt(v)}</text>`);
    }
    spec.x.forEach((label, i) => {
        out.push(`<text x="${xAt(i).toFixed(1)}" y="${M.top + plotH + 18}" text-anchor="middle">${esc(label)}</text>`);
    });
    out.push(`<line x1="${M.left}" y1="${M.top + plotH}" x2="${M.left + plotW}" y2="${M.top + plotH}" stroke="#333"/>`);
    out.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + plotH}" stroke="#333"/>`);
    out.push(`<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
    out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
    spec.series.forEach((s, k) => {
        const color = COLORS[k % COLORS.length];
        const pts = s.values.map((v, i) => (v === null ? null : `${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}`)).filter((p) => p !== null);
        out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>`);
        for (const p of pts) {
            const [cx, cy] = p.split(',');
            out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
        }
        const ly = M.top + 10 + k * 20;
        out.push(`<line x1="${W - M.right + 15}" y1="${ly}" x2="${W - M.right + 35}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
        out.push(`<text x="${W - M.right + 40}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`);
    });
    out.push('</svg>');
    return out.join('\n') + '\n';
}
