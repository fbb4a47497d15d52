/**
 * Audit write throughput, on a fresh SQLite file with the store's own settings (WAL,
 * synchronous=FULL) or a fresh PostgreSQL database: violations committed one by one through
 * recordViolation (each a committed transaction, as on the block path; on PostgreSQL one
 * round trip set under the global chain lock), and request-metadata rows queued with
 * recordRequest and committed in batches by flush() (the path all traffic takes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditStore, PgAuditStore, type RequestMetaInput, type ViolationInput } from '../../src/audit/store';
import { Client } from 'pg';
import { round } from './load';
import { startCluster, stopCluster } from './pg-cluster';

export interface AuditResult {
  store: 'sqlite' | 'postgres';
  /** SQLite's synchronous pragma; PostgreSQL: the server's synchronous_commit. */
  synchronous: string;
  violationsPerSec: number;
  violationsWritten: number;
  /** Mean time one recordViolation holds the event loop (ms). */
  violationMeanMs: number;
  batchSize: number;
  requestRowsPerSec: number;
  requestRowsWritten: number;
  /** Checks that the figures are real: rows in the table, rows the store dropped or rejected. */
  violationsInTable: number;
  requestRowsLost: number;
}

function violation(i: number): ViolationInput {
  return {
    requestId: `bench-${i}`, ts: Date.now(), route: '/v1/chat/completions', model: 'bench-model', stage: 'input',
    action: 'block', enforced: 'block', shadow: false, streamed: false, policyRevision: 'bench', clientKeyFp: '0123456789abcdef',
    tenant: null, endUser: null,
    findings: [{ detector: 'keyword', ruleId: 'kw:bench:1', category: 'A.1.f', severity: 'high', score: 1, segment: 0, span: [10, 14], excerpt: '[****]' }],
    content: 'synthetic benchmark text with a finding in it', maskedContent: 'synthetic ****', reasons: ['bench rule matched'],
  };
}

function requestRow(i: number): RequestMetaInput {
  return {
    requestId: `bench-req-${i}`, ts: Date.now(), route: '/v1/chat/completions', method: 'POST', model: 'bench-model', status: 200,
    action: 'allow', durationMs: 3, streamed: false, clientKeyFp: '0123456789abcdef', tenant: null, upstreamStatus: 200,
  };
}

/** pgUrl: an empty PostgreSQL database to measure instead of a fresh SQLite file. */
export async function measureAudit(opts: { durationS: number; batchSize: number; pgUrl?: string }): Promise<AuditResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-audit-'));
  // batchMs is long so only our explicit flush() commits; the queue never flushes on its own timer.
  const settings = { batchMs: 60_000, batchSize: opts.batchSize * 2 };
  const store = opts.pgUrl
    ? await PgAuditStore.open({ url: opts.pgUrl, ...settings })
    : AuditStore.open({ file: path.join(dir, 'audit.db'), ...settings });
  try {
    const synchronous = store.kind === 'postgres'
      ? `synchronous_commit=${(await store.sql.get<{ s: string }>("SELECT current_setting('synchronous_commit') AS s"))?.s ?? '?'}`
      : 'FULL';
    let n = 0;
    let t0 = performance.now();
    let end = t0 + opts.durationS * 1000;
    while (performance.now() < end) await store.recordViolation(violation(n++));
    const violationS = (performance.now() - t0) / 1000;

    let rows = 0;
    t0 = performance.now();
    end = t0 + opts.durationS * 1000;
    while (performance.now() < end) {
      for (let i = 0; i < opts.batchSize; i++) store.recordRequest(requestRow(rows++));
      await store.flush();
    }
    const rowsS = (performance.now() - t0) / 1000;
    const stats = store.stats();
    return {
      store: store.kind,
      synchronous,
      violationsPerSec: round(n / violationS, 0),
      violationsWritten: n,
      violationMeanMs: round((violationS * 1000) / n, 3),
      batchSize: opts.batchSize,
      requestRowsPerSec: round(rows / rowsS, 0),
      requestRowsWritten: rows,
      violationsInTable: await store.countViolations(),
      requestRowsLost: stats.dropped + stats.rejected + stats.queued,
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The PostgreSQL column: COMPLIANCE_BENCH_PG_URL (an empty database you provide), else a throwaway
 * local cluster with fsync on (so a commit costs a disk flush, as SQLite's synchronous=FULL does).
 * Loopback, same machine: network latency to a real database server comes on top.
 */
export async function measureAuditPostgres(opts: { durationS: number; batchSize: number }): Promise<AuditResult | { skipped: string }> {
  const given = process.env.COMPLIANCE_BENCH_PG_URL;
  if (given) return measureAudit({ ...opts, pgUrl: given });
  const started = await startCluster({ fsync: true });
  if (!started.ok) return { skipped: started.error };
  try {
    const admin = new Client({ connectionString: started.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_audit');
    await admin.end();
    return await measureAudit({ ...opts, pgUrl: started.url.replace(/\/postgres$/, '/bench_audit') });
  } finally {
    stopCluster(started.info);
  }
}
