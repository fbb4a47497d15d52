// Complaints (response deadlines) and Rules (packs, coverage, "try a text").
import { api } from './api.js';
import { field, fmtTime, h, option } from './dom.js';
import { t } from './i18n.js';
import { notify } from './status.js';

function table(head, rows, id) {
  return h('table', { class: 'data', attrs: { id } },
    h('thead', {}, h('tr', {}, head.map((k) => h('th', { text: t(k), attrs: { scope: 'col' } })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => (c instanceof Node ? h('td', {}, c) : h('td', { text: c })))))));
}

export async function renderComplaints(main) {
  const d = await api.get('/complaints');
  const state = (c) => (c.respondedAt ? t('c.answered', { who: c.responder || '' }) : c.responseDeadline < d.now ? t('c.late') : t('c.waiting'));
  main.append(h('h2', { class: 'page-title', text: t('c.title') }),
    d.complaints.length === 0 ? h('p', { text: t('c.empty') }) :
      table(['c.id', 'c.received', 'c.deadline', 'c.state', 'fd.category', 'd.request', 'c.violation'], d.complaints.map((c) => [
        `#${c.id}`, fmtTime(c.receivedAt), fmtTime(c.responseDeadline), state(c), c.category || '—', c.requestId || '—',
        h('a', { text: `#${c.violationId}`, attrs: { href: `#/violations/${c.violationId}` } })]), 'complaints'));
}

export async function renderRules(main) {
  const r = await api.get('/rules');
  const text = h('textarea', { attrs: { id: 'try-text', rows: 4, maxlength: 20000 } });
  const stage = h('select', { attrs: { id: 'try-stage' } }, option('input', t('stage.input'), true), option('output', t('stage.output'), false));
  const out = h('div', { attrs: { id: 'try-result', 'aria-live': 'polite' } });
  const run = async (e) => {
    e.preventDefault();
    try {
      const v = await api.post('/rules/try', { text: text.value, stage: stage.value });
      out.replaceChildren(h('p', { class: `action-${v.action}`, text: t('ru.result', { a: t(`action.${v.action}`) }) }),
        h('ul', {}, v.reasons.map((x) => h('li', { text: x }))),
        table(['fd.rule', 'fd.category', 'fd.severity', 'fd.excerpt'], v.findings.map((f) => [f.ruleId, f.category, f.severity, f.excerpt || '—']), 'try-findings'),
        h('h4', { text: t('ru.redacted') }), h('pre', { class: 'seg-text', text: v.redacted }));
    } catch (err) {
      notify(err.message, 'bad');
    }
  };
  main.append(
    h('h2', { class: 'page-title', text: t('ru.title') }),
    h('dl', { class: 'meta' }, h('dt', { text: t('ov.revision') }), h('dd', { text: r.revision }), h('dt', { text: t('ov.mode') }), h('dd', { text: t(`mode.${r.mode}`) }),
      h('dt', { text: t('ru.keywords') }), h('dd', { text: String(r.keywords) })),
    h('section', { class: 'panel' }, h('h3', { text: t('ru.try') }),
      h('form', { class: 'inline', on: { submit: run } }, field(t('ru.tryText'), text), field(t('ru.tryStage'), stage), h('button', { text: t('ru.tryRun'), attrs: { type: 'submit' } })), out),
    h('section', { class: 'panel' }, h('h3', { text: t('ru.coverage') }), h('p', { text: t('ru.total', { n: r.coverage.total, min: r.coverage.minimumTotal }) }),
      table(['ru.code', 'ru.name', 'ru.keywords', 'ru.minimum', 'ru.gap'], r.coverage.rows.map((c) => [c.code, c.name, String(c.keywords), String(c.minimum), String(c.gap)]), 'coverage')),
    h('section', { class: 'panel' }, h('h3', { text: t('ru.packs') }),
      table(['ru.file', 'fd.category', 'ru.lang', 'ru.kind', 'ru.entries'], r.packs.map((p) => [p.file, p.category, p.lang, p.kind, String(p.entries)]), 'packs')),
  );
}
