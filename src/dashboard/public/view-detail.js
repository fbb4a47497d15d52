// One violation: metadata, the stored content with each finding's span highlighted, findings with
// reasons, the remediation item and its review log, review controls and (admin) allow-listing.
// The content is attacker-controlled text: it is cut at the span offsets and appended as text nodes
// inside <mark> elements, never parsed as HTML.
import { api } from './api.js';
import { append, field, fmtDay, fmtTime, h } from './dom.js';
import { t } from './i18n.js';
import { notify } from './status.js';
import { reviewBar } from './view-review.js';

function dl(pairs) {
  return h('dl', { class: 'meta' }, pairs.map(([k, v]) => [h('dt', { text: t(k) }), h('dd', { text: v === null || v === undefined || v === '' ? '—' : v })]));
}

/** Text with [start, end, finding] marks; overlapping marks are merged into the first. */
function highlighted(text, marks) {
  const out = [];
  let pos = 0;
  for (const [start, end, finding] of marks) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) out.push(text.slice(pos, from));
    out.push(h('mark', { text: text.slice(from, end), attrs: { 'data-finding': finding, title: `#${finding}` } }));
    pos = end;
  }
  out.push(text.slice(pos));
  return out;
}

function table(head, rows, id) {
  return h('table', { class: 'data', attrs: { id } },
    h('thead', {}, h('tr', {}, head.map((k) => h('th', { text: t(k), attrs: { scope: 'col' } })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => (c instanceof Node ? h('td', {}, c) : h('td', { text: c })))))));
}

function allowlistForm(v, ctx) {
  const keyword = v.findings.map((f, i) => [f, i]).filter(([f]) => f.detector === 'keyword' && f.ruleId.startsWith('kw:'));
  if (ctx.role !== 'admin' || keyword.length === 0) return null;
  const which = h('select', { attrs: { id: 'al-finding' } }, keyword.map(([f, i]) => h('option', { text: `#${i} ${f.ruleId} (${f.category})`, attrs: { value: i } })));
  const phrase = h('input', { attrs: { type: 'text', id: 'al-phrase', maxlength: 200, autocomplete: 'off' } });
  const submit = async (e) => {
    e.preventDefault();
    try {
      const r = await api.post('/allowlist', { violation_id: v.id, finding: Number(which.value), phrase: phrase.value.trim() });
      notify(t('al.done', { file: r.file, rev: String(r.revision).slice(0, 12) }), 'good');
      await ctx.refresh();
    } catch (err) {
      notify(err.message, 'bad');
    }
  };
  return h('section', { class: 'panel' }, h('h3', { text: t('al.title') }),
    h('form', { class: 'inline', on: { submit } }, field(t('al.finding'), which), field(t('al.phrase'), phrase), h('button', { text: t('al.add'), attrs: { type: 'submit' } })));
}

export async function renderDetail(main, id, ctx) {
  const d = await api.get(`/violations/${encodeURIComponent(id)}`);
  const v = d.violation;
  let prompt = null;
  try { prompt = d.prompt ? JSON.parse(d.prompt) : null; } catch { prompt = null; }
  // append() skips the absent parts (no prompt, no allow-list form); Element.append would print "null".
  append(main, [
    h('p', {}, h('a', { text: t('d.back'), attrs: { href: '#/violations' } })),
    h('h2', { class: 'page-title', text: t('d.title', { id: v.id }) }),
    dl([
      ['d.request', v.requestId], ['d.time', fmtTime(v.ts)], ['d.route', v.route], ['d.model', v.model], ['d.tenant', v.tenant],
      ['d.stage', t(`stage.${v.stage}`)], ['d.action', `${t(`action.${v.action}`)} / ${t(`action.${v.enforced}`)}`],
      ['d.shadow', v.shadow ? t('yes') : t('no')], ['d.streamed', v.streamed ? t('yes') : t('no')], ['d.revision', v.policyRevision],
      ['d.storage', v.storageMode], ['d.source', v.source], ['d.rowHash', v.rowHash],
    ]),
    h('section', { class: 'panel' }, h('h3', { text: t('d.content') }),
      d.segments.length === 0 ? h('p', { class: 'muted', text: t('d.noContent') }) :
        h('div', { class: 'segments', attrs: { id: 'content' } }, d.segments.map((sg) => h('div', { class: 'segment' },
          h('div', { class: 'seg-path', text: sg.path || '—' }), h('pre', { class: 'seg-text' }, highlighted(sg.text, sg.marks)))))),
    prompt ? h('section', { class: 'panel' }, h('h3', { text: t('d.prompt') }),
      prompt.map((m) => h('div', { class: 'segment' }, h('div', { class: 'seg-path', text: m.role }), h('pre', { class: 'seg-text', text: m.content })))) : null,
    h('section', { class: 'panel' }, h('h3', { text: t('d.findings') }),
      table(['fd.rule', 'fd.category', 'fd.severity', 'fd.score', 'fd.segment', 'fd.excerpt', 'fd.via'],
        v.findings.map((f) => [f.ruleId, f.category, f.severity, String(f.score), String(f.segment), f.excerpt || '—', f.via || '—']), 'findings'),
      h('h3', { text: t('d.reasons') }), h('ul', { attrs: { id: 'reasons' } }, v.reasons.map((r) => h('li', { text: r })))),
    h('section', { class: 'panel' }, h('h3', { text: t('d.item') }),
      d.item ? [
        dl([['it.id', `#${d.item.id}`], ['v.status', t(`status.${d.item.status}`)], ['v.deadline', fmtDay(d.item.deadline)], ['it.count', String(d.item.count)], ['it.firstSeen', fmtTime(d.item.firstSeen)]]),
        reviewBar({ role: ctx.role, title: t('d.review'), targets: () => ({ item_ids: [d.item.id] }), onDone: ctx.refresh, idPrefix: 'item' }),
        h('h3', { text: t('d.reviews') }),
        table(['rv.time', 'rv.by', 'rv.from', 'rv.to', 'rv.note'], d.reviews.map((r) => [fmtTime(r.ts), r.reviewer, t(`status.${r.from}`), t(`status.${r.to}`), r.note]), 'reviews'),
      ] : h('p', { class: 'muted', text: t('d.noItem') })),
    allowlistForm(v, ctx),
  ]);
}
