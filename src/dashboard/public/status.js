// The polite live region under the header: results of actions, errors.
export function notify(message, kind = 'info') {
  const el = document.getElementById('status');
  el.textContent = message;
  el.setAttribute('class', `toast ${kind}`);
  el.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { el.hidden = true; }, 8000);
}
