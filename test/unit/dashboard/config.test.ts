import { loadConfig } from '../../../src/config';
import { dashboardConfigSchema } from '../../../src/dashboard/config';

describe('dashboard config', () => {
  it('defaults to enabled with no officers and 8-hour sessions', () => {
    expect(loadConfig({ env: {} }).dashboard).toMatchObject({ enabled: true, officers: [], session_ttl_minutes: 480, secure_cookie: false });
  });

  it('refuses a plain-text password with the command that makes a hash', () => {
    const r = dashboardConfigSchema.safeParse({ officers: [{ name: 'li', role: 'officer', password_hash: 'hunter2' }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('dashboard hash-password');
  });

  it('refuses an officer without any credential, an unknown role and duplicate names', () => {
    const token_hash = `sha256$${'a'.repeat(64)}`;
    expect(dashboardConfigSchema.safeParse({ officers: [{ name: 'li', role: 'officer' }] }).success).toBe(false);
    expect(dashboardConfigSchema.safeParse({ officers: [{ name: 'li', role: 'root', token_hash }] }).success).toBe(false);
    expect(dashboardConfigSchema.safeParse({ officers: [{ name: 'li', role: 'viewer', token_hash }, { name: 'li', role: 'admin', token_hash }] }).success).toBe(false);
    expect(dashboardConfigSchema.safeParse({ officers: [{ name: 'li', role: 'viewer', token_hash }] }).success).toBe(true);
  });
});
