// Small SVG charts drawn from the JSON API: no chart library and no CDN (the page has no build step
// and its CSP allows same-origin scripts only). Labels are SVG text nodes (textContent), colours come
// from CSS classes (the CSP has no 'unsafe-inline' for style attributes). Each chart is an image with
// an accessible name, and a table of the same numbers sits next to it for screen readers.
import { h, s } from './dom.js';

const W = 640;

/** Vertical stacked bars: days on x, one series per key (e.g. stage). */
export function stackedBars({ label, categories, series }) {
  const H = 200, padL = 36, padB = 28, padT = 8;
  const totals = categories.map((_, i) => series.reduce((n, se) => n + (se.values[i] || 0), 0));
  const max = Math.max(1, ...totals);
  const bw = (W - padL - 8) / Math.max(1, categories.length);
  const y = (v) => padT + (H - padT - padB) * (1 - v / max);
  const svg = s('svg', { class: 'chart', attrs: { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label } }, s('title', { text: label }));
  svg.append(s('line', { class: 'axis', attrs: { x1: padL, y1: y(0), x2: W - 4, y2: y(0) } }));
  svg.append(s('text', { class: 'tick', text: String(max), attrs: { x: padL - 4, y: padT + 10, 'text-anchor': 'end' } }));
  svg.append(s('text', { class: 'tick', text: '0', attrs: { x: padL - 4, y: y(0), 'text-anchor': 'end' } }));
  categories.forEach((cat, i) => {
    let base = 0;
    series.forEach((se, k) => {
      const v = se.values[i] || 0;
      if (v <= 0) return;
      const top = y(base + v);
      svg.append(s('rect', { class: `bar series-${k}`, attrs: { x: padL + i * bw + 1, y: top, width: Math.max(1, bw - 2), height: y(base) - top, 'data-value': v } }, s('title', { text: `${cat} ${se.name}: ${v}` })));
      base += v;
    });
    const every = Math.ceil(categories.length / 8);
    if (i % every === 0) svg.append(s('text', { class: 'tick', text: cat.slice(5), attrs: { x: padL + i * bw + bw / 2, y: H - 10, 'text-anchor': 'middle' } }));
  });
  const legend = h('ul', { class: 'legend' }, series.map((se, k) => h('li', {}, h('span', { class: `swatch series-${k}`, attrs: { 'aria-hidden': 'true' } }), se.name)));
  return h('figure', { class: 'chart-box' }, svg, legend, dataTable(label, ['', ...series.map((se) => se.name)], categories.map((c, i) => [c, ...series.map((se) => se.values[i] || 0)])));
}

/** Horizontal bars for top-N lists: [{key, count}]. */
export function hbars({ label, rows, labelOf = (r) => r.key }) {
  const rowH = 22, padL = 190, H = Math.max(rowH, rows.length * rowH + 4);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const svg = s('svg', { class: 'chart', attrs: { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label } }, s('title', { text: label }));
  rows.forEach((r, i) => {
    const w = ((W - padL - 60) * r.count) / max;
    const name = String(labelOf(r));
    svg.append(s('text', { class: 'tick', text: name.length > 28 ? `${name.slice(0, 27)}…` : name, attrs: { x: padL - 6, y: i * rowH + 15, 'text-anchor': 'end' } }));
    svg.append(s('rect', { class: 'bar series-0', attrs: { x: padL, y: i * rowH + 3, width: Math.max(1, w), height: rowH - 6, 'data-value': r.count } }, s('title', { text: `${name}: ${r.count}` })));
    svg.append(s('text', { class: 'tick', text: String(r.count), attrs: { x: padL + w + 4, y: i * rowH + 15 } }));
  });
  return h('figure', { class: 'chart-box' }, svg, dataTable(label, ['', '#'], rows.map((r) => [labelOf(r), r.count])));
}

/** One 100% bar split in parts: [{name, value}]. */
export function splitBar({ label, parts }) {
  const total = parts.reduce((n, p) => n + p.value, 0) || 1;
  const svg = s('svg', { class: 'chart split', attrs: { viewBox: `0 0 ${W} 28`, role: 'img', 'aria-label': label } }, s('title', { text: label }));
  let x = 0;
  parts.forEach((p, k) => {
    const w = (W * p.value) / total;
    if (w > 0) svg.append(s('rect', { class: `bar series-${k}`, attrs: { x, y: 2, width: w, height: 24, 'data-value': p.value } }, s('title', { text: `${p.name}: ${p.value}` })));
    x += w;
  });
  const legend = h('ul', { class: 'legend' }, parts.map((p, k) => h('li', {}, h('span', { class: `swatch series-${k}`, attrs: { 'aria-hidden': 'true' } }), `${p.name}: ${p.value}`)));
  return h('figure', { class: 'chart-box' }, svg, legend);
}

function dataTable(caption, head, rows) {
  return h('table', { class: 'sr-only' }, h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, head.map((x) => h('th', { text: x, attrs: { scope: 'col' } })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', { text: c }))))));
}
