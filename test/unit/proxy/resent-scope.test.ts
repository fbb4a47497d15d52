/** Whose earlier turns a request may reuse: tenant, key and end user together. */
import { resentScope } from '../../../src/proxy/inspect-request';

const ctx = (tenant: string | null, clientKeyFp: string | null, endUser: string | null) => ({ tenant, clientKeyFp, endUser });

describe('resent-segment scope', () => {
  it('is none without a tenant and a key', () => {
    expect(resentScope(ctx(null, null, 'u1'))).toBeUndefined();
  });

  it('differs for another key, tenant or end user of the same key', () => {
    const scopes = [ctx(null, 'k1', null), ctx(null, 'k2', null), ctx('t1', 'k1', null), ctx('t1', null, null), ctx(null, 'k1', 'u1'), ctx(null, 'k1', 'u2')].map(resentScope);
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(resentScope(ctx('t1', 'k1', 'u1'))).toBe(resentScope(ctx('t1', 'k1', 'u1')));
  });

  it('keeps the parts apart whatever an end-user id holds', () => {
    expect(resentScope(ctx(null, 'k1', 'u1'))).not.toBe(resentScope(ctx(null, 'k1u', '1')));
    expect(resentScope(ctx(null, 'k1', 'a","b'))).not.toBe(resentScope(ctx(null, 'k1", "a', 'b')));
  });
});
