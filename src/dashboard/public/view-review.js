// Review controls shared by the table (bulk) and the detail view (single): a note and the three
// decisions. Every decision is recorded server-side with the officer's name and the time.
import { api } from './api.js';
import { field, h } from './dom.js';
import { t } from './i18n.js';
import { notify } from './status.js';

/** targets(): {violation_ids?: number[], item_ids?: number[]} or null when nothing is selected. */
export function reviewBar({ role, title, targets, onDone, idPrefix }) {
  if (role === 'viewer') return h('p', { class: 'muted', text: t('r.readOnly') });
  const note = h('input', { attrs: { type: 'text', id: `${idPrefix}-note`, maxlength: 2000, placeholder: t('r.notePlaceholder'), autocomplete: 'off' } });
  const send = async (decision) => {
    const tg = targets();
    if (!tg) return notify(t('r.noneSelected'), 'bad');
    if (decision !== 'confirmed' && note.value.trim() === '') {
      note.focus();
      return notify(t('r.needNote'), 'bad');
    }
    try {
      const r = await api.post('/reviews', { ...tg, decision, note: note.value.trim() });
      const ok = r.results.filter((x) => x.ok).length;
      let msg = t('r.done', { ok, bad: r.results.length - ok });
      if (r.without_item.length) msg += ` ${t('r.noItem', { n: r.without_item.length })}`;
      notify(msg, ok ? 'good' : 'bad');
      note.value = '';
      await onDone();
    } catch (err) {
      notify(err.message, 'bad');
    }
  };
  const button = (decision, label) => h('button', { text: label, attrs: { type: 'button', 'data-decision': decision }, on: { click: () => send(decision) } });
  return h('div', { class: 'review-bar', attrs: { role: 'group', 'aria-label': title } },
    h('span', { class: 'review-title', text: title }),
    field(t('r.note'), note),
    button('confirmed', t('r.confirm')), button('false_positive', t('r.fp')), button('open', t('r.reopen')), button('note', t('r.addNote')));
}
