// The JSON API under /compliance/v1. The session cookie is HttpOnly (this script never sees it);
// the CSRF token from GET/POST /session is kept in memory and sent as x-csrf-token on mutations.
const BASE = '/compliance/v1';
let csrf = null;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error && body.error.code;
    this.body = body;
  }
}

async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  async login(name, password) {
    const me = await call('POST', '/session', { name, password });
    csrf = me.csrf;
    return me;
  },
  async me() {
    const me = await call('GET', '/session');
    csrf = me.csrf;
    return me;
  },
  async logout() {
    await call('DELETE', '/session');
    csrf = null;
  },
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body),
};

/** Query string from an object, dropping empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function exportUrl(format, params) {
  return `${BASE}/exports/${encodeURIComponent(format)}${qs(params)}`;
}
