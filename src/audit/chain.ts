/**
 * Tamper evidence for the violations table. Each row stores `prev_hash` (the previous row's
 * `row_hash`, or GENESIS_HASH for the first row) and `row_hash = sha256(canonicalJson(fields) + prev_hash)`
 * over the columns its `hash_version` covers. Editing a row breaks its own hash; deleting one leaves
 * an id gap and a dangling prev_hash; a row written outside the store does not link to its predecessor.
 *
 * With PostgreSQL there is one global chain for all instances (see pg-store.ts for why and how).
 *
 * Limits, by construction: the hash is unkeyed, so someone who can write the file and knows this code
 * can rewrite the tail with fresh hashes. An open store keeps the head it wrote in memory and
 * `verifyChain(store)` checks the file against it; anchoring the head outside the database (in the
 * remediation report) or keying the hash is what closes that gap for good.
 */
import crypto from 'crypto';
import Database from 'better-sqlite3';
import type { AuditStore } from './store';
import { verifyPostgres } from './pg-chain';
import { AuditError, toAuditError } from './schema';

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the first row chains to. A fixed, documented string, so any tool can verify the chain. */
export const GENESIS_LABEL = 'compliance-gateway/audit/violations/genesis/v1';
export const GENESIS_HASH = sha256Hex(GENESIS_LABEL);

export const CURRENT_HASH_VERSION = 1;

/**
 * Columns covered by each hash version. id, prev_hash and row_hash are not in the list: prev_hash
 * is appended to the canonical JSON instead, and ids are checked for gaps by the verifier.
 */
const HASHED_FIELDS: Readonly<Record<number, readonly string[]>> = {
  1: [
    'action', 'categories', 'client_key_fp', 'content', 'content_sha256', 'end_user', 'enforced',
    'findings', 'hash_version', 'model', 'policy_revision', 'reasons', 'request_id', 'route',
    'rule_ids', 'shadow', 'source', 'stage', 'storage_mode', 'streamed', 'tenant', 'ts',
  ].sort(),
};

/** A violations row as stored: column name → SQLite value. */
export type ChainFields = Readonly<Record<string, string | number | null | undefined>>;

export interface StoredChainRow extends ChainFields {
  id: number;
  prev_hash: string;
  row_hash: string;
}

/** Stable key order, so the same stored values always give the same bytes. */
export function canonicalJson(row: ChainFields): string {
  const version = Number(row.hash_version ?? CURRENT_HASH_VERSION);
  const fields = HASHED_FIELDS[version];
  if (!fields) throw new AuditError(`audit chain: unknown hash_version ${String(row.hash_version)}`);
  const ordered: Record<string, string | number | null> = {};
  for (const key of fields) ordered[key] = row[key] ?? null;
  return JSON.stringify(ordered);
}

export function computeRowHash(row: ChainFields, prevHash: string): string {
  return sha256Hex(canonicalJson(row) + prevHash);
}

export interface ChainHead {
  id: number;
  rowHash: string;
}
export const EMPTY_HEAD: ChainHead = { id: 0, rowHash: GENESIS_HASH };

export type ChainBreakReason = 'altered' | 'missing' | 'inserted';
export interface ChainBreak {
  /** The altered or inserted row, or for 'missing' the first id that is gone. */
  id: number;
  reason: ChainBreakReason;
}
export interface ChainReport {
  ok: boolean;
  rows: number;
  firstBreak?: ChainBreak;
  /** The last row as stored (id 0 and GENESIS_HASH when the table is empty). */
  head: ChainHead;
}

export interface VerifyOptions {
  /** sqlite_sequence for the table: larger than the last id means the newest rows were deleted. */
  lastSeq?: number;
  /** A head known from outside the file (an open store's memory, an exported report). */
  knownHead?: ChainHead;
  /** Where the chain starts: the newest retention checkpoint (the last pruned row), else genesis. */
  start?: ChainHead;
}

function rowHashMatches(row: StoredChainRow): boolean {
  try {
    return computeRowHash(row, row.prev_hash) === row.row_hash;
  } catch {
    return false; // unknown hash_version: cannot vouch for it
  }
}

/**
 * Walks rows in id order (push them one at a time) and names the first break. Pure: no database
 * needed, and incremental, so a cursor over millions of rows keeps a flat heap.
 */
export class ChainVerifier {
  private prev: ChainHead;
  private count = 0;
  private firstBreak: ChainBreak | undefined;

  constructor(private readonly opts: VerifyOptions = {}) {
    this.prev = opts.start ?? EMPTY_HEAD;
  }

  push(row: StoredChainRow): void {
    const prev = this.prev;
    const known = this.opts.knownHead;
    this.count++;
    if (!this.firstBreak) {
      // Ids are never reused (SQLite AUTOINCREMENT, PostgreSQL chain_head), so a gap is always
      // deleted rows, even when the next row links across it (a store reopened after its newest
      // rows were deleted chains to the survivor). An id at or below 0 was never handed out.
      if (row.id > prev.id + 1) this.firstBreak = { id: prev.id + 1, reason: 'missing' };
      else if (row.id <= prev.id || row.prev_hash !== prev.rowHash) this.firstBreak = { id: row.id, reason: 'inserted' };
      else if (!rowHashMatches(row)) this.firstBreak = { id: row.id, reason: 'altered' };
      else if (known && row.id === known.id && row.row_hash !== known.rowHash) {
        this.firstBreak = { id: row.id, reason: 'altered' }; // rewritten with a fresh, self-consistent hash
      }
    }
    this.prev = { id: row.id, rowHash: row.row_hash };
  }

  report(): ChainReport {
    const { prev, count } = this;
    let firstBreak = this.firstBreak;
    const expectedLast = Math.max(this.opts.lastSeq ?? 0, this.opts.knownHead?.id ?? 0);
    if (!firstBreak && expectedLast > prev.id) firstBreak = { id: prev.id + 1, reason: 'missing' };
    return firstBreak ? { ok: false, rows: count, firstBreak, head: prev } : { ok: true, rows: count, head: prev };
  }
}

export function verifyRows(rows: Iterable<StoredChainRow>, opts: VerifyOptions = {}): ChainReport {
  const verifier = new ChainVerifier(opts);
  for (const row of rows) verifier.push(row);
  return verifier.report();
}

/**
 * The head the first stored row must chain to: the newest checkpoint left by `audit prune` (its last
 * pruned row), or genesis. Databases from before migration 0002 have no checkpoint table.
 */
export function chainStart(db: Database.Database): ChainHead {
  const hasTable = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'chain_checkpoints'")
    .pluck()
    .get();
  if (!hasTable) return EMPTY_HEAD;
  const cp = db
    .prepare<[], { last_id: number; last_row_hash: string }>('SELECT last_id, last_row_hash FROM chain_checkpoints ORDER BY id DESC LIMIT 1')
    .get();
  return cp ? { id: cp.last_id, rowHash: cp.last_row_hash } : EMPTY_HEAD;
}

/** Verifies the violations chain of an open connection, from its newest retention checkpoint. */
export function verifyDatabase(db: Database.Database, knownHead?: ChainHead): ChainReport {
  const table = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'violations'")
    .pluck()
    .get();
  if (!table) throw new AuditError(`audit chain: ${db.name} has no violations table; is it an audit database?`);
  const lastSeq = db
    .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'violations'")
    .pluck()
    .get();
  const rows = db.prepare<[], StoredChainRow>('SELECT * FROM violations ORDER BY id').iterate();
  return verifyRows(rows, { lastSeq, knownHead, start: chainStart(db) });
}

/**
 * Verifies an open store (also against the head it keeps in memory), a SQLite file (opened
 * read-only and closed again) or a postgres:// URL (connected, read through a cursor, closed).
 */
export async function verifyChain(target: AuditStore | string): Promise<ChainReport> {
  if (typeof target !== 'string') return target.verifyChain();
  if (/^postgres(ql)?:\/\//i.test(target)) return verifyPostgres(target);
  let db: Database.Database | undefined;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true });
    return verifyDatabase(db);
  } catch (err) {
    throw toAuditError(`verify ${target}`, err);
  } finally {
    db?.close();
  }
}
