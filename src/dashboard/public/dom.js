// DOM helpers. Everything from the API came from traffic and is attacker-controlled, so text goes
// in with textContent / text nodes only; attribute names are always literals in this code, and no
// function here ever sets innerHTML or an event-handler attribute.

/** h('tr', {class: 'x', attrs: {scope: 'col'}, on: {click: fn}}, child, 'text', …) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  return fill(el, props, children);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, props = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), props, children);
}

function fill(el, props, children) {
  if (props.class) el.setAttribute('class', props.class);
  if (props.text !== undefined && props.text !== null) el.textContent = String(props.text);
  for (const [k, v] of Object.entries(props.attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (/^on/i.test(k)) throw new Error('event attributes are not allowed: use props.on');
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [k, v] of Object.entries(props.on || {})) el.addEventListener(k, v);
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** "2026-11-28 19:06" in UTC, the time zone of the audit trail and the deadlines. */
export function fmtTime(ms) {
  if (ms === null || ms === undefined) return '—';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().slice(0, 16).replace('T', ' ');
}

export function fmtDay(ms) {
  return ms === null || ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 10);
}

export function fmtNum(n) {
  return Number(n || 0).toLocaleString('en');
}

/** A labelled form control: <label>text <control></label> keeps the label tied for screen readers. */
export function field(label, control) {
  return h('label', { class: 'field' }, h('span', { text: label }), control);
}

export function option(value, label, selected) {
  return h('option', { text: label, attrs: { value, selected: selected ? true : null } });
}
