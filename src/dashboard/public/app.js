// The dashboard page: login, then hash routes #/overview, #/violations[?filters], #/violations/ID,
// #/remediation, #/complaints, #/rules. No framework and no build step; see dom.js for how text from
// traffic is rendered (as text, never as HTML).
import { api } from './api.js';
import { clear, field, h } from './dom.js';
import { getLang, setLang, t, translateStatic } from './i18n.js';
import { notify } from './status.js';
import { renderDetail } from './view-detail.js';
import { renderComplaints, renderRules } from './view-other.js';
import { renderOverview } from './view-overview.js';
import { renderRemediation } from './view-remediation.js';
import { renderViolations } from './view-violations.js';

const main = document.getElementById('main');
const ctx = { officer: null, role: null, refresh: () => route() };

function showLogin(message) {
  ctx.officer = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  const name = h('input', { attrs: { type: 'text', id: 'login-name', autocomplete: 'username', required: true, maxlength: 64 } });
  const password = h('input', { attrs: { type: 'password', id: 'login-password', autocomplete: 'current-password', required: true } });
  const error = h('p', { class: 'error', attrs: { id: 'login-error', role: 'alert' }, text: message || '' });
  const form = h('form', { class: 'login', attrs: { id: 'login' } },
    h('h2', { text: t('login.title') }), field(t('login.name'), name), field(t('login.password'), password), error,
    h('button', { text: t('login.submit'), attrs: { type: 'submit' } }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const me = await api.login(name.value, password.value);
      signedIn(me);
      if (!location.hash || location.hash === '#/login') location.hash = '#/overview';
      else route();
    } catch (err) {
      password.value = '';
      error.textContent = err.status === 429 ? t('login.limited', { s: err.body?.error?.retry_after ?? '' })
        : err.status === 503 ? t('login.notConfigured') : t('login.failed');
    }
  });
  clear(main).append(form);
  name.focus();
}

function signedIn(me) {
  ctx.officer = me.officer;
  ctx.role = me.role;
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = `${me.officer} (${me.role})`;
}

async function route() {
  if (!ctx.officer) return showLogin();
  const [path, query] = (location.hash.slice(1) || '/overview').split('?');
  const params = new URLSearchParams(query || '');
  for (const a of document.querySelectorAll('#nav a')) {
    if (path.startsWith(a.getAttribute('href').slice(1))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = h('div', { attrs: { 'aria-busy': 'true' } }, h('p', { text: t('loading') }));
  clear(main).append(view);
  try {
    const content = h('div', { attrs: { id: 'view', 'data-route': path } });
    const detail = /^\/violations\/(\d+)$/.exec(path);
    if (detail) await renderDetail(content, detail[1], ctx);
    else if (path === '/violations') await renderViolations(content, params, ctx);
    else if (path === '/remediation') await renderRemediation(content, params, ctx);
    else if (path === '/complaints') await renderComplaints(content, ctx);
    else if (path === '/rules') await renderRules(content, ctx);
    else await renderOverview(content, ctx);
    clear(main).append(content);
    document.body.setAttribute('data-ready', path);
  } catch (err) {
    if (err.status === 401) return showLogin(t('error.session'));
    clear(main).append(h('p', { class: 'error', attrs: { role: 'alert' }, text: `${t('error')}: ${err.message}` }));
  }
}

function applyLang() {
  translateStatic();
  document.getElementById('lang').textContent = t('lang.other');
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  applyLang();
  if (ctx.officer) route();
  else showLogin();
});
document.getElementById('logout').addEventListener('click', async () => {
  try { await api.logout(); } catch (err) { notify(err.message, 'bad'); }
  location.hash = '';
  showLogin();
});
window.addEventListener('hashchange', () => { if (!location.hash.startsWith('#/')) return; route(); });

applyLang();
api.me().then(signedIn, () => undefined).finally(route);
