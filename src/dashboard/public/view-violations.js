// Violations: filters (kept in the URL hash, so a view can be bookmarked), a page of rows, selection
// and bulk review. A row opens the detail view.
import { api, qs } from './api.js';
import { field, fmtDay, fmtTime, h, option } from './dom.js';
import { t } from './i18n.js';
import { reviewBar } from './view-review.js';

const FILTERS = ['since', 'until', 'category', 'stage', 'action', 'status', 'model', 'tenant', 'q', 'item'];

function select(name, values, current, labelOf = (v) => v) {
  return h('select', { attrs: { name, id: `f-${name}` } }, option('', t('f.any'), !current), values.map((v) => option(v, labelOf(v), v === current)));
}

export async function renderViolations(main, params, ctx) {
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = {};
  for (const k of FILTERS) if (params.get(k)) query[k] = params.get(k);
  const [data, fv] = await Promise.all([api.get(`/violations${qs({ ...query, page, page_size: 25 })}`), api.get('/filters')]);

  const form = h('form', { class: 'filters', attrs: { id: 'filters', role: 'search' } },
    field(t('f.since'), h('input', { attrs: { type: 'date', name: 'since', id: 'f-since', value: query.since || '' } })),
    field(t('f.until'), h('input', { attrs: { type: 'date', name: 'until', id: 'f-until', value: query.until || '' } })),
    field(t('f.category'), select('category', fv.categories, query.category)),
    field(t('f.stage'), select('stage', ['input', 'output'], query.stage, (v) => t(`stage.${v}`))),
    field(t('f.action'), select('action', ['block', 'redact', 'flag'], query.action, (v) => t(`action.${v}`))),
    field(t('f.status'), select('status', ['none', 'open', 'confirmed', 'false_positive', 'remediated', 'overdue'], query.status, (v) => t(`status.${v}`))),
    field(t('f.model'), select('model', fv.models, query.model)),
    field(t('f.tenant'), select('tenant', fv.tenants, query.tenant)),
    field(t('f.q'), h('input', { attrs: { type: 'search', name: 'q', id: 'f-q', value: query.q || '', maxlength: 500 } })),
    query.item ? h('input', { attrs: { type: 'hidden', name: 'item', value: query.item } }) : null,
    h('button', { text: t('f.apply'), attrs: { type: 'submit', id: 'f-apply' } }),
    h('button', { text: t('f.reset'), attrs: { type: 'button' }, on: { click: () => { location.hash = '#/violations'; } } }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = {};
    for (const [k, v] of new FormData(form)) if (String(v).trim()) next[k] = String(v).trim();
    location.hash = `#/violations${qs(next)}`;
  });

  const checks = [];
  const selectAll = h('input', { attrs: { type: 'checkbox', id: 'select-all', 'aria-label': t('v.selectAll') }, on: { change: () => checks.forEach((c) => { c.checked = selectAll.checked; }) } });
  const rows = data.rows.map((r) => {
    const box = h('input', { attrs: { type: 'checkbox', 'data-id': r.id, 'aria-label': `${t('v.select')} #${r.id}` } });
    checks.push(box);
    const link = h('a', { text: `#${r.id}`, attrs: { href: `#/violations/${r.id}`, 'aria-label': t('v.open', { id: r.id }) } });
    return h('tr', { attrs: { 'data-violation': r.id } },
      h('td', {}, box), h('td', {}, link), h('td', { text: fmtTime(r.ts) }), h('td', { text: t(`stage.${r.stage}`) }),
      h('td', { class: `action-${r.action}`, text: t(`action.${r.action}`) + (r.shadow ? ' (shadow)' : '') }),
      h('td', { text: r.categories.join(', ') }), h('td', { text: r.model || '—' }),
      h('td', { class: 'excerpt', text: r.excerpts.join(' · ') || '—' }),
      h('td', { class: `status-${r.itemStatus || 'none'}`, text: t(`status.${r.itemStatus || 'none'}`) }),
      h('td', { text: r.deadline ? fmtDay(r.deadline) : '—' }));
  });
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const go = (p) => { const n = new URLSearchParams(params); n.set('page', String(p)); location.hash = `#/violations?${n}`; };
  const selected = () => {
    const ids = checks.filter((c) => c.checked).map((c) => Number(c.getAttribute('data-id')));
    return ids.length ? { violation_ids: ids } : null;
  };

  main.append(
    h('h2', { class: 'page-title', text: query.item ? `${t('nav.violations')} · ${t('it.id')} #${query.item}` : t('nav.violations') }),
    form,
    h('p', { attrs: { id: 'total' }, text: t('v.total', { n: data.total }) }),
    reviewBar({ role: ctx.role, title: t('r.bulk'), targets: selected, onDone: ctx.refresh, idPrefix: 'bulk' }),
    data.rows.length === 0 ? h('p', { text: t('v.empty') }) : h('table', { class: 'data', attrs: { id: 'violations' } },
      h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, selectAll),
        ['v.id', 'v.time', 'v.stage', 'v.action', 'v.categories', 'v.model', 'v.excerpt', 'v.status', 'v.deadline'].map((k) => h('th', { text: t(k), attrs: { scope: 'col' } })))),
      h('tbody', {}, rows)),
    h('nav', { class: 'pager', attrs: { 'aria-label': 'pagination' } },
      h('button', { text: t('v.prev'), attrs: { type: 'button', disabled: page <= 1 }, on: { click: () => go(page - 1) } }),
      h('span', { text: t('v.page', { p: page, n: pages }) }),
      h('button', { text: t('v.next'), attrs: { type: 'button', disabled: page >= pages }, on: { click: () => go(page + 1) } })),
  );
}
