import { SessionStore, readCookie, sessionCookie } from '../../../src/dashboard/sessions';

describe('SessionStore', () => {
  it('finds a session by its cookie value, with its own CSRF token', () => {
    const store = new SessionStore({ ttlMs: 1000 });
    const a = store.create('officer.li', 'officer');
    const b = store.create('officer.li', 'officer');
    expect(store.get(a.id)).toMatchObject({ officer: 'officer.li', role: 'officer' });
    expect(a.session.csrf).not.toBe(b.session.csrf);
    expect(store.get('forged')).toBeNull();
    expect(store.get(undefined)).toBeNull();
  });

  it('expires idle sessions and renews active ones', () => {
    let now = 0;
    const store = new SessionStore({ ttlMs: 1000, now: () => now });
    const { id } = store.create('a', 'viewer');
    now = 900;
    expect(store.get(id)).not.toBeNull(); // renewed until 1900
    now = 1800;
    expect(store.get(id)).not.toBeNull();
    now = 2801;
    expect(store.get(id)).toBeNull();
  });

  it('ends a session on destroy', () => {
    const store = new SessionStore({ ttlMs: 1000 });
    const { id } = store.create('a', 'admin');
    store.destroy(id);
    expect(store.get(id)).toBeNull();
  });

  it('drops the oldest session beyond the bound', () => {
    const store = new SessionStore({ ttlMs: 1000, maxSessions: 2 });
    const first = store.create('a', 'viewer');
    store.create('b', 'viewer');
    store.create('c', 'viewer');
    expect(store.size()).toBe(2);
    expect(store.get(first.id)).toBeNull();
  });
});

describe('cookies', () => {
  it('reads one cookie among others', () => {
    expect(readCookie('a=1; cg_dashboard=xyz; b=2', 'cg_dashboard')).toBe('xyz');
    expect(readCookie('xcg_dashboard=1', 'cg_dashboard')).toBeUndefined();
    expect(readCookie(undefined, 'cg_dashboard')).toBeUndefined();
  });

  it('writes HttpOnly SameSite=Strict, and Secure when asked', () => {
    expect(sessionCookie('s', 'v', { maxAgeSeconds: 60, secure: false })).toBe('s=v; Path=/compliance/v1; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie('s', '', { maxAgeSeconds: 0, secure: true })).toBe('s=; Path=/compliance/v1; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });
});
