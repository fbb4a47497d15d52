// Remediation queue (by deadline, overdue first), replay results and the export buttons, which link
// to the API's streaming exports with the same status filter.
import { api, exportUrl, qs } from './api.js';
import { field, fmtDay, fmtTime, h, option } from './dom.js';
import { t } from './i18n.js';

const FORMATS = ['sft', 'preference', 'csv', 'json', 'html'];
const STATUSES = ['open', 'confirmed', 'overdue', 'false_positive', 'remediated'];
const DAY_MS = 86400000;

function replayText(it) {
  if (!it.replay) return t('it.never');
  const r = it.replay;
  return `${fmtDay(r.ts)} ${r.model || ''} · ${r.stillViolates ? t('it.replayStill') : r.refused ? t('it.replayRefused') : t('it.replayFixed')} (${it.replays})`;
}

export async function renderRemediation(main, params) {
  const status = params.get('status') || 'open,confirmed,overdue';
  const data = await api.get(`/remediation${qs({ status, page_size: 200 })}`);
  const pick = h('select', { attrs: { id: 'rem-status' }, on: { change: () => { location.hash = `#/remediation${qs({ status: pick.value })}`; } } },
    option('open,confirmed,overdue', `${t('status.open')} + ${t('status.confirmed')} + ${t('status.overdue')}`, status === 'open,confirmed,overdue'),
    STATUSES.map((st) => option(st, t(`status.${st}`), status === st)));
  const rows = data.items.map((it) => {
    const left = Math.ceil((it.deadline - data.now) / DAY_MS);
    return h('tr', { attrs: { 'data-item': it.id } },
      h('td', { text: `#${it.id}` }), h('td', { text: it.category }), h('td', { text: t(`stage.${it.stage}`) }), h('td', { text: it.source }),
      h('td', { text: String(it.count) }), h('td', { text: fmtTime(it.firstSeen) }), h('td', { text: fmtDay(it.deadline) }),
      h('td', { class: left < 0 ? 'bad' : left <= 14 ? 'warn' : '', text: String(left) }),
      h('td', { class: `status-${it.status}`, text: t(`status.${it.status}`) }), h('td', { text: replayText(it) }),
      h('td', {}, h('a', { text: t('nav.violations'), attrs: { href: `#/violations${qs({ item: it.id })}` } })));
  });
  main.append(
    h('h2', { class: 'page-title', text: t('rem.title') }),
    h('section', { class: 'panel' }, h('h3', { text: t('rem.exports') }), h('p', { class: 'muted', text: t('rem.exportHint') }),
      h('div', { class: 'exports' }, FORMATS.map((f) => h('a', { class: 'button', text: t(`exp.${f}`), attrs: { href: exportUrl(f, { status }), download: '', 'data-format': f } })))),
    field(t('f.status'), pick),
    h('p', { text: `${t('rem.showing')}: ${data.items.length} / ${data.total}` }),
    data.items.length === 0 ? h('p', { text: t('it.empty') }) : h('table', { class: 'data', attrs: { id: 'queue' } },
      h('thead', {}, h('tr', {}, ['it.id', 'fd.category', 'v.stage', 'it.source', 'it.count', 'it.firstSeen', 'v.deadline', 'it.daysLeft', 'v.status', 'it.replay', 'nav.violations'].map((k) => h('th', { text: t(k), attrs: { scope: 'col' } })))),
      h('tbody', {}, rows)),
    h('section', { class: 'panel' }, h('h3', { text: t('rem.replays') }),
      h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['fd.category', 'rem.replayed', 'rem.still'].map((k) => h('th', { text: t(k), attrs: { scope: 'col' } })))),
        h('tbody', {}, data.replays.map((r) => h('tr', {}, h('td', { text: r.category }), h('td', { text: String(r.replayed) }), h('td', { text: String(r.stillViolating) })))))),
  );
}
