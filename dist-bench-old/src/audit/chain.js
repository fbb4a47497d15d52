"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.EMPTY_HEAD = exports.CURRENT_HASH_VERSION = exports.GENESIS_HASH = exports.GENESIS_LABEL = void 0;
exports.sha256Hex = sha256Hex;
exports.canonicalJson = canonicalJson;
exports.computeRowHash = computeRowHash;
exports.verifyRows = verifyRows;
exports.chainStart = chainStart;
exports.verifyDatabase = verifyDatabase;
exports.verifyChain = verifyChain;
/**
 * Tamper evidence for the violations table. Each row stores `prev_hash` (the previous row's
 * `row_hash`, or GENESIS_HASH for the first row) and `row_hash = sha256(canonicalJson(fields) + prev_hash)`
 * over the columns its `hash_version` covers. Editing a row breaks its own hash; deleting one leaves
 * an id gap and a dangling prev_hash; a row written outside the store does not link to its predecessor.
 *
 * Limits, by construction: the hash is unkeyed, so someone who can write the file and knows this code
 * can rewrite the tail with fresh hashes. An open store keeps the head it wrote in memory and
 * `verifyChain(store)` checks the file against it; anchoring the head outside the database (in the
 * remediation report) or keying the hash is what closes that gap for good.
 */
const crypto_1 = __importDefault(require("crypto"));
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const schema_1 = require("./schema");
function sha256Hex(text) {
    return crypto_1.default.createHash('sha256').update(text, 'utf8').digest('hex');
}
/** What the first row chains to. A fixed, documented string, so any tool can verify the chain. */
exports.GENESIS_LABEL = 'compliance-gateway/audit/violations/genesis/v1';
exports.GENESIS_HASH = sha256Hex(exports.GENESIS_LABEL);
exports.CURRENT_HASH_VERSION = 1;
/**
 * Columns covered by each hash version. id, prev_hash and row_hash are not in the list: prev_hash
 * is appended to the canonical JSON instead, and ids are checked for gaps by the verifier.
 */
const HASHED_FIELDS = {
    1: [
        'action', 'categories', 'client_key_fp', 'content', 'content_sha256', 'end_user', 'enforced',
        'findings', 'hash_version', 'model', 'policy_revision', 'reasons', 'request_id', 'route',
        'rule_ids', 'shadow', 'source', 'stage', 'storage_mode', 'streamed', 'tenant', 'ts',
    ].sort(),
};
/** Stable key order, so the same stored values always give the same bytes. */
function canonicalJson(row) {
    const version = Number(row.hash_version ?? exports.CURRENT_HASH_VERSION);
    const fields = HASHED_FIELDS[version];
    if (!fields)
        throw new schema_1.AuditError(`audit chain: unknown hash_version ${String(row.hash_version)}`);
    const ordered = {};
    for (const key of fields)
        ordered[key] = row[key] ?? null;
    return JSON.stringify(ordered);
}
function computeRowHash(row, prevHash) {
    return sha256Hex(canonicalJson(row) + prevHash);
}
exports.EMPTY_HEAD = { id: 0, rowHash: exports.GENESIS_HASH };
function rowHashMatches(row) {
    try {
        return computeRowHash(row, row.prev_hash) === row.row_hash;
    }
    catch {
        return false; // unknown hash_version: cannot vouch for it
    }
}
/** Walks rows in id order and names the first break. Pure: no database needed. */
function verifyRows(rows, opts = {}) {
    let prev = opts.start ?? exports.EMPTY_HEAD;
    let count = 0;
    let firstBreak;
    const known = opts.knownHead;
    for (const row of rows) {
        count++;
        if (!firstBreak) {
            // Ids come from AUTOINCREMENT and are never reused, so a gap is always deleted rows, even when
            // the next row links across it (a store reopened after its newest rows were deleted chains to
            // the survivor). An id at or below 0 was never handed out by SQLite.
            if (row.id > prev.id + 1)
                firstBreak = { id: prev.id + 1, reason: 'missing' };
            else if (row.id <= prev.id || row.prev_hash !== prev.rowHash)
                firstBreak = { id: row.id, reason: 'inserted' };
            else if (!rowHashMatches(row))
                firstBreak = { id: row.id, reason: 'altered' };
            else if (known && row.id === known.id && row.row_hash !== known.rowHash) {
                firstBreak = { id: row.id, reason: 'altered' }; // rewritten with a fresh, self-consistent hash
            }
        }
        prev = { id: row.id, rowHash: row.row_hash };
    }
    const expectedLast = Math.max(opts.lastSeq ?? 0, known?.id ?? 0);
    if (!firstBreak && expectedLast > prev.id)
        firstBreak = { id: prev.id + 1, reason: 'missing' };
    return firstBreak ? { ok: false, rows: count, firstBreak, head: prev } : { ok: true, rows: count, head: prev };
}
/**
 * The head the first stored row must chain to: the newest checkpoint left by `audit prune` (its last
 * pruned row), or genesis. Databases from before migration 0002 have no checkpoint table.
 */
function chainStart(db) {
    const hasTable = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'chain_checkpoints'")
        .pluck()
        .get();
    if (!hasTable)
        return exports.EMPTY_HEAD;
    const cp = db
        .prepare('SELECT last_id, last_row_hash FROM chain_checkpoints ORDER BY id DESC LIMIT 1')
        .get();
    return cp ? { id: cp.last_id, rowHash: cp.last_row_hash } : exports.EMPTY_HEAD;
}
/** Verifies the violations chain of an open connection, from its newest retention checkpoint. */
function verifyDatabase(db, knownHead) {
    const table = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'violations'")
        .pluck()
        .get();
    if (!table)
        throw new schema_1.AuditError(`audit chain: ${db.name} has no violations table; is it an audit database?`);
    const lastSeq = db
        .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'violations'")
        .pluck()
        .get();
    const rows = db.prepare('SELECT * FROM violations ORDER BY id').iterate();
    return verifyRows(rows, { lastSeq, knownHead, start: chainStart(db) });
}
/**
 * Verifies an open store (also against the head it keeps in memory) or a database file, which is
 * opened read-only and closed again.
 */
function verifyChain(target) {
    if (typeof target !== 'string')
        return target.verifyChain();
    let db;
    try {
        db = new better_sqlite3_1.default(target, { readonly: true, fileMustExist: true });
        return verifyDatabase(db);
    }
    catch (err) {
        throw (0, schema_1.toAuditError)(`verify ${target}`, err);
    }
    finally {
        db?.close();
    }
}
