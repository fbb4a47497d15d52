import { liftUserRestriction } from '../../../src/audit/strikes';
import { complianceConfigSchema, type ComplianceConfig } from '../../../src/compliance/config';
import { checkEndUser, endUserOf, recordStrike, userSuspendedMessage } from '../../../src/compliance/end-users';
import { storeKinds } from '../../pg/database';
import { openKindStore, type KindStore } from '../../pg/stores';
import { JAN_31 } from './fixtures';

const HOUR = 3_600_000;
const cfg = (strikes: Partial<ComplianceConfig['strikes']> = {}): ComplianceConfig => complianceConfigSchema.parse({ strikes });

describe.each(storeKinds())('user strikes (%s store)', (kind) => {
  let t: KindStore;
  beforeEach(async () => {
    t = await openKindStore(kind);
  });
  afterEach(() => t.cleanup());

  it('suspends after 3 consecutive violations (the default), and the 403 body says so in OpenAI shape', async () => {
    const c = cfg();
    await recordStrike(t.store, c, { endUser: 'u1', violation: true, ts: JAN_31 });
    await recordStrike(t.store, c, { endUser: 'u1', violation: true, ts: JAN_31 + 1 });
    expect(await checkEndUser(t.store, c, 'u1')).toEqual({ allowed: true });
    expect((await recordStrike(t.store, c, { endUser: 'u1', violation: true, ts: JAN_31 + 2 })).status).toBe('suspended');
    expect(await checkEndUser(t.store, c, 'u1')).toEqual({ allowed: false, status: 'suspended' });
    expect(userSuspendedMessage('zh')).toContain('暂停');
  });

  it('a clean request in between resets the consecutive count', async () => {
    const c = cfg();
    for (const violation of [true, true, false, true, true]) await recordStrike(t.store, c, { endUser: 'u1', violation, ts: JAN_31 });
    expect((await checkEndUser(t.store, c, 'u1')).allowed).toBe(true);
  });

  it('acts on 5 violations within 24 hours even when clean requests come between them', async () => {
    const c = cfg({ action: 'limit' });
    for (let i = 0; i < 4; i++) {
      await recordStrike(t.store, c, { endUser: 'u2', violation: true, ts: JAN_31 + i * HOUR });
      await recordStrike(t.store, c, { endUser: 'u2', violation: false, ts: JAN_31 + i * HOUR + 1 });
    }
    expect(await checkEndUser(t.store, c, 'u2')).toEqual({ allowed: true });
    await recordStrike(t.store, c, { endUser: 'u2', violation: true, ts: JAN_31 + 23 * HOUR });
    expect(await checkEndUser(t.store, c, 'u2')).toEqual({ allowed: true, status: 'limited' });
  });

  it('does not count strikes older than 24 hours toward the daily threshold', async () => {
    const c = cfg({ action: 'warn' });
    for (let i = 0; i < 5; i++) {
      await recordStrike(t.store, c, { endUser: 'u3', violation: true, ts: JAN_31 + i * 7 * HOUR });
      await recordStrike(t.store, c, { endUser: 'u3', violation: false, ts: JAN_31 + i * 7 * HOUR + 1 });
    }
    expect(await checkEndUser(t.store, c, 'u3')).toEqual({ allowed: true });
  });

  it('an officer lifts a suspension; the user starts from zero', async () => {
    const c = cfg();
    for (let i = 0; i < 3; i++) await recordStrike(t.store, c, { endUser: 'u4', violation: true, ts: JAN_31 + i });
    expect(await liftUserRestriction(t.store, { endUser: 'u4', officer: 'officer.wang', note: 'appeal accepted', now: JAN_31 + 10 })).toBe('suspended');
    expect(await checkEndUser(t.store, c, 'u4')).toEqual({ allowed: true });
    await recordStrike(t.store, c, { endUser: 'u4', violation: true, ts: JAN_31 + 11 });
    expect(await checkEndUser(t.store, c, 'u4')).toEqual({ allowed: true });
  });

  it('keeps users apart and lets anonymous traffic through', async () => {
    const c = cfg({ consecutive: 1 });
    await recordStrike(t.store, c, { endUser: 'bad', violation: true });
    expect(await checkEndUser(t.store, c, 'good')).toEqual({ allowed: true });
    expect(await checkEndUser(t.store, c, null)).toEqual({ allowed: true });
  });
});

describe('endUserOf', () => {
  const c = complianceConfigSchema.parse({ end_user_header: 'X-Customer-Id' });
  it('prefers safety_identifier, then user, then the configured header', () => {
    expect(endUserOf({ safety_identifier: 's', user: 'u' }, { 'x-customer-id': 'h' }, c)).toBe('s');
    expect(endUserOf({ user: 'u' }, { 'x-customer-id': 'h' }, c)).toBe('u');
    expect(endUserOf({}, { 'x-customer-id': 'h' }, c)).toBe('h');
    expect(endUserOf({ user: '' }, {}, c)).toBeNull();
  });
});

describe('compliance config', () => {
  it('defaults to a 3-month clock, 3 consecutive / 5 per day → suspend, 183-day retention', () => {
    expect(complianceConfigSchema.parse({})).toMatchObject({
      remediation_months: 3, strikes: { consecutive: 3, per_day: 5, action: 'suspend' }, end_user_header: 'x-end-user-id',
      retention: { request_days: 183, violation_days: 183 },
    });
  });
  it('refuses request retention under six months and short complaint tokens', () => {
    expect(complianceConfigSchema.safeParse({ retention: { request_days: 90 } }).success).toBe(false);
    expect(complianceConfigSchema.safeParse({ complaint_token: 'short' }).success).toBe(false);
  });
});
