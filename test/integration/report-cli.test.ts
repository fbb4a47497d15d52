/**
 * The compliance commands as users run them: the built bin/compliance-gateway.js in a child process
 * (`npm test` builds dist/ first) against a real audit file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RULES_DIR } from '../helpers/gateway';
import { recordStrike } from '../../src/compliance/end-users';
import { complianceConfigSchema } from '../../src/compliance/config';
import { inputViolation, tempStore, type TempStore } from '../unit/audit/fixtures';

const BIN = path.resolve(__dirname, '../../bin/compliance-gateway.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 30_000 });
}

describe('compliance-gateway audit / report', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = tempStore('full');
    await t.store.recordViolation(inputViolation('how to make a pipe bomb'));
    await t.store.recordViolation(inputViolation('how to make a pipe bomb'));
    await t.store.recordViolation(inputViolation('something else'));
  });
  afterEach(() => t.cleanup());

  it('audit verify exits 0 on an intact chain and 1 naming the first altered row', () => {
    const ok = run(['audit', 'verify', '--db', t.file]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/chain intact: 3 rows/);
    const db = new Database(t.file);
    db.exec('DROP TRIGGER violations_append_only_update');
    db.prepare("UPDATE violations SET content = 'x' WHERE id = 2").run();
    db.close();
    const bad = run(['audit', 'verify', '--db', t.file]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/chain BROKEN: first altered row at id 2/);
    expect(run(['audit', 'verify', '--db', path.join(t.dir, 'missing.db')]).status).toBe(2);
  });

  it('audit items lists grouped items; audit review dismisses one; a forbidden move exits 2 with the allowed moves', () => {
    const items = run(['audit', 'items', '--db', t.file]);
    expect(items.status).toBe(0);
    expect(items.stdout.trim().split('\n')).toHaveLength(3); // header + 2 items
    expect(items.stdout).toMatch(/#1\t(open|overdue)\tA\.1\.f\tinput\ttraffic\t2\t2026-01-31\t2026-04-30/);
    const review = run(['audit', 'review', '1', '--db', t.file, '--status', 'false_positive', '--reviewer', 'officer.li', '--note', 'test']);
    expect(review.status).toBe(0);
    expect(review.stdout).toMatch(/item #1 is now false_positive/);
    const bad = run(['audit', 'review', '1', '--db', t.file, '--status', 'confirmed', '--reviewer', 'a', '--note', 'b']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot move an item from false_positive to confirmed/);
  });

  it('report writes csv to a file and sft to stdout; an unknown format or a bad date exits 2', () => {
    const csv = path.join(t.dir, 'items.csv');
    const r = run(['report', '--db', t.file, '--format', 'csv', '--out', csv]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(csv, 'utf8').split('\r\n')[0]).toMatch(/^item_id,category/);
    const sft = run(['report', '--db', t.file, '--rules', RULES_DIR, '--format', 'sft']);
    expect(sft.status).toBe(0);
    expect(sft.stdout.trim().split('\n').map((l) => JSON.parse(l))).toHaveLength(2);
    expect(run(['report', '--db', t.file, '--format', 'pdf']).status).toBe(2);
    expect(run(['report', '--db', t.file, '--format', 'csv', '--since', 'yesterday-ish']).status).toBe(2);
  });

  it('audit unsuspend lifts a suspension', async () => {
    const cfg = complianceConfigSchema.parse({});
    for (let i = 0; i < 3; i++) await recordStrike(t.store, cfg, { endUser: 'u-9', violation: true });
    const r = run(['audit', 'unsuspend', 'u-9', '--db', t.file, '--officer', 'officer.wang', '--note', 'appeal accepted']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/was suspended/);
  });
});
