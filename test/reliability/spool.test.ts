/**
 * The JSONL spool on its own: rows survive a new process (a fresh AuditSpool on the same folder),
 * replay is idempotent across a crash between insert and delete, a torn final line is dropped and
 * counted, and a store that fails mid-replay keeps the rest for the next attempt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AuditSpool, type SpoolSink } from '../../src/audit/spool';
import type { ViolationInput } from '../../src/audit/types';
import type { Stage } from '../../src/types';
import { makeFinding } from '../helpers/factories';
import { tempDir } from '../helpers/gateway';

function violation(requestId: string, stage: Stage = 'input'): ViolationInput {
  return {
    requestId, ts: 1, route: '/v1/chat/completions', model: 'm', stage, action: 'block', enforced: 'block', shadow: false, streamed: false,
    policyRevision: 'r1', clientKeyFp: null, tenant: null, endUser: null, findings: [makeFinding()], content: 'x', maskedContent: 'x', reasons: ['r'],
  };
}

function memorySink(failAfter = Infinity): SpoolSink & { rows: ViolationInput[] } {
  const rows: ViolationInput[] = [];
  return {
    rows,
    async write(v) {
      if (rows.length >= failAfter) throw new Error('SQLITE_FULL');
      rows.push(v);
    },
    has: async (id, stage) => rows.some((r) => r.requestId === id && r.stage === stage),
  };
}

describe('AuditSpool', () => {
  it('keeps appended rows for a later process and replays them in order, then deletes the files', async () => {
    const dir = path.join(tempDir('cg-spool-'), 'spool');
    const a = new AuditSpool(dir);
    a.append(violation('r1'));
    a.append(violation('r2', 'output'));
    a.close();
    const sink = memorySink();
    expect(await new AuditSpool(dir).replay(sink)).toEqual({ replayed: 2, skipped: 0, torn: 0, pending: 0 });
    expect(sink.rows.map((r) => [r.requestId, r.stage])).toEqual([['r1', 'input'], ['r2', 'output']]);
    expect(sink.rows[0].findings).toEqual([makeFinding()]);
    expect(new AuditSpool(dir).files()).toEqual([]);
  });

  it('skips rows already in the store, so a crash between insert and delete never duplicates', async () => {
    const dir = path.join(tempDir('cg-spool-'), 'spool');
    const spool = new AuditSpool(dir);
    spool.append(violation('r1'));
    spool.append(violation('r2'));
    const sink = memorySink();
    sink.write(violation('r1'));
    expect(await spool.replay(sink)).toMatchObject({ replayed: 1, skipped: 1 });
    expect(sink.rows.map((r) => r.requestId)).toEqual(['r1', 'r2']);
  });

  it('stops at the first failure and keeps the unreplayed rows', async () => {
    const dir = path.join(tempDir('cg-spool-'), 'spool');
    const spool = new AuditSpool(dir);
    for (const id of ['r1', 'r2', 'r3']) spool.append(violation(id));
    const failing = memorySink(1);
    expect(await spool.replay(failing)).toMatchObject({ replayed: 1, pending: 3 });
    expect(spool.pending()).toBe(3);
    const ok = memorySink();
    ok.write(violation('r1'));
    expect(await spool.replay(ok)).toMatchObject({ replayed: 2, skipped: 1, pending: 0 });
    expect(spool.pending()).toBe(0);
  });

  it('drops and counts a torn final line left by a crash mid-append', async () => {
    const dir = path.join(tempDir('cg-spool-'), 'spool');
    const spool = new AuditSpool(dir);
    spool.append(violation('r1'));
    spool.close();
    const [file] = spool.files();
    fs.appendFileSync(file, '{"v":1,"violation":{"requestId":"r2","sta');
    const sink = memorySink();
    expect(await new AuditSpool(dir).replay(sink)).toEqual({ replayed: 1, skipped: 0, torn: 1, pending: 0 });
  });

  it('after a replay rotates the file, later appends go to a new one and wait there', async () => {
    const dir = path.join(tempDir('cg-spool-'), 'spool');
    const spool = new AuditSpool(dir);
    spool.append(violation('r1'));
    await spool.replay(memorySink(0));
    spool.append(violation('r2'));
    expect(spool.files()).toHaveLength(2);
    expect(spool.pending()).toBe(2);
  });
});
