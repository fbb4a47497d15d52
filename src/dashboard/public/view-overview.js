// Overview: counts, violations per day by stage, categories, actions, top rules / models / tenants,
// streamed vs not, remediation countdown and the policy mode.
import { api } from './api.js';
import { hbars, splitBar, stackedBars } from './charts.js';
import { fmtDay, fmtNum, h } from './dom.js';
import { t } from './i18n.js';

const DAY_MS = 86400000;

function days(since, until) {
  const out = [];
  for (let d = Math.floor(since / DAY_MS) * DAY_MS; d < until; d += DAY_MS) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

function card(label, value, cls = '') {
  return h('div', { class: `card ${cls}` }, h('div', { class: 'card-label', text: label }), h('div', { class: 'card-value', text: value }));
}

function section(title, ...body) {
  return h('section', { class: 'panel' }, h('h2', { text: title }), ...body);
}

export async function renderOverview(main) {
  const o = await api.get('/overview?days=30');
  const cats = days(o.since, o.until);
  const stages = ['input', 'output'];
  const series = stages.map((st) => ({ name: t(`stage.${st}`), values: cats.map((d) => o.byDay.filter((r) => r.day === d && r.stage === st).reduce((n, r) => n + r.count, 0)) }));
  const named = (r) => r.key || t('unknown');
  const cd = o.countdown;
  main.append(
    h('h2', { class: 'page-title', text: `${t('nav.overview')} · ${t('ov.period')}` }),
    h('div', { class: 'cards' },
      card(t('ov.violations'), fmtNum(o.violations)),
      card(t('ov.requests'), fmtNum(o.requests)),
      card(t('ov.mode'), t(`mode.${o.policy.mode}`), o.policy.mode === 'shadow' ? 'warn' : ''),
      card(t('ov.shadow'), fmtNum(o.shadow)),
      card(t('ov.storage'), o.storageMode),
      card(t('ov.revision'), String(o.policy.revision).slice(0, 12))),
    section(t('ov.countdown'),
      h('div', { class: 'cards', attrs: { id: 'countdown' } },
        card(t('ov.open'), fmtNum(cd.open)),
        card(t('ov.dueSoon', { d: cd.soonDays }), fmtNum(cd.dueSoon), cd.dueSoon > 0 ? 'warn' : ''),
        card(t('ov.overdue'), fmtNum(cd.overdue), cd.overdue > 0 ? 'bad' : ''),
        card(t('ov.nextDeadline'), cd.nextDeadline ? fmtDay(cd.nextDeadline) : '—'))),
    h('div', { class: 'grid2' },
      section(t('ov.byDay'), o.violations ? stackedBars({ label: t('ov.byDay'), categories: cats, series }) : h('p', { text: t('ov.noData') })),
      section(t('ov.byCategory'), hbars({ label: t('ov.byCategory'), rows: o.byCategory.slice(0, 12) })),
      section(t('ov.topRules'), hbars({ label: t('ov.topRules'), rows: o.topRules })),
      section(t('ov.byAction'), hbars({ label: t('ov.byAction'), rows: o.byAction, labelOf: (r) => t(`action.${r.key}`) })),
      section(t('ov.topModels'), hbars({ label: t('ov.topModels'), rows: o.topModels, labelOf: named })),
      section(t('ov.topTenants'), hbars({ label: t('ov.topTenants'), rows: o.topTenants, labelOf: named })),
      section(t('ov.streamed'),
        h('h3', { text: t('ov.violations') }),
        splitBar({ label: `${t('ov.streamed')} · ${t('ov.violations')}`, parts: [{ name: t('ov.streamedYes'), value: o.streamed.violations.streamed }, { name: t('ov.streamedNo'), value: o.streamed.violations.notStreamed }] }),
        h('h3', { text: t('ov.traffic') }),
        splitBar({ label: `${t('ov.streamed')} · ${t('ov.traffic')}`, parts: [{ name: t('ov.streamedYes'), value: o.streamed.requests.streamed }, { name: t('ov.streamedNo'), value: o.streamed.requests.notStreamed }] }))),
  );
}
