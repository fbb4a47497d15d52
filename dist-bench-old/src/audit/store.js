"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditStore = exports.STORAGE_MODES = exports.buildViolationRow = exports.AuditError = void 0;
/**
 * The audit store: one hash-chained row per decision other than allow, committed before the caller
 * goes on (a blocked response is only sent after recordViolation returns), and request metadata for
 * all traffic, queued and written in batches off the hot path. The only importer of better-sqlite3
 * together with the rest of src/audit.
 *
 * Durability: WAL with synchronous=FULL for the whole connection. In WAL mode NORMAL fsyncs only at
 * checkpoints, so a committed block could vanish on power loss or an OS crash; FULL fsyncs the WAL on
 * every commit. Request metadata pays one fsync per batch, not per request.
 */
const fs_1 = __importDefault(require("fs"));
const path_1 = __importDefault(require("path"));
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const chain_1 = require("./chain");
const violation_row_1 = require("./violation-row");
const schema_1 = require("./schema");
const request_queue_1 = require("./request-queue");
const status_1 = require("./status");
var schema_2 = require("./schema");
Object.defineProperty(exports, "AuditError", { enumerable: true, get: function () { return schema_2.AuditError; } });
var violation_row_2 = require("./violation-row");
Object.defineProperty(exports, "buildViolationRow", { enumerable: true, get: function () { return violation_row_2.buildViolationRow; } });
exports.STORAGE_MODES = ['full', 'masked', 'hash'];
function defaultOnError(err) {
    process.emitWarning(err.message, { type: 'AuditWarning', code: err.code });
}
function positive(name, value, fallback) {
    if (value === undefined)
        return fallback;
    if (!Number.isFinite(value) || value <= 0) {
        throw new schema_1.AuditError(`audit store: ${name} must be a positive number, got ${String(value)}`);
    }
    return value;
}
function assertWritable(file) {
    try {
        fs_1.default.accessSync(file, fs_1.default.constants.W_OK);
    }
    catch (err) {
        const code = err.code ?? 'EACCES';
        throw new schema_1.AuditError(`audit store: ${file} is not writable (${code}); give the gateway write access to the file and ` +
            'its directory, or point the audit file at a writable path', { cause: err });
    }
}
class AuditStore {
    db;
    settings;
    storageMode;
    stmts;
    insertViolationTx;
    requests;
    queries = new Map();
    /** The last row this store wrote or adopted; kept in memory so verifyChain(store) can check the file against it. */
    head;
    closed = false;
    /** Set under `audit.on_unavailable: fail_open`: where decisions go while the database fails. */
    spool = null;
    replayTimer = null;
    static open(opts) {
        const mode = opts.storageMode ?? 'masked';
        if (!exports.STORAGE_MODES.includes(mode)) {
            throw new schema_1.AuditError(`audit store: storageMode must be one of ${exports.STORAGE_MODES.join(', ')}, got ${String(mode)}`);
        }
        const settings = {
            batchMs: positive('batchMs', opts.batchMs, 250),
            batchSize: positive('batchSize', opts.batchSize, 500),
            maxQueued: positive('maxQueued', opts.maxQueued, 100_000),
            onError: opts.onError ?? defaultOnError,
        };
        const busyTimeoutMs = positive('busyTimeoutMs', opts.busyTimeoutMs, 2000);
        const memory = opts.file === ':memory:';
        let db;
        try {
            if (!memory && !opts.readonly)
                fs_1.default.mkdirSync(path_1.default.dirname(path_1.default.resolve(opts.file)), { recursive: true });
            db = new better_sqlite3_1.default(opts.file, {
                readonly: opts.readonly ?? false,
                fileMustExist: opts.readonly ?? false,
                timeout: busyTimeoutMs,
            });
            if (!opts.readonly) {
                // SQLite silently falls back to a read-only connection when the file is not writable; refuse to
                // start instead of failing every later block.
                if (!memory)
                    assertWritable(opts.file);
                db.pragma('journal_mode = WAL');
                db.pragma('synchronous = FULL');
                db.pragma('foreign_keys = ON');
                (0, schema_1.runMigrations)(db, opts.migrationsDir ?? (0, schema_1.defaultMigrationsDir)());
            }
            return new AuditStore(db, mode, settings);
        }
        catch (err) {
            db?.close();
            throw (0, schema_1.toAuditError)(`open ${opts.file}`, err);
        }
    }
    constructor(db, mode, settings) {
        this.db = db;
        this.settings = settings;
        this.storageMode = mode;
        this.stmts = {
            tail: db.prepare('SELECT id, row_hash FROM violations ORDER BY id DESC LIMIT 1'),
            insertViolation: db.prepare((0, schema_1.insertSql)('violations', schema_1.VIOLATION_COLUMNS)),
            insertCategory: db.prepare('INSERT INTO violation_categories (category, violation_id) VALUES (?, ?)'),
            insertRequest: db.prepare((0, schema_1.insertSql)('requests', schema_1.REQUEST_COLUMNS)),
            countViolations: db.prepare('SELECT COUNT(*) FROM violations').pluck(),
            health: db.prepare('SELECT 1').pluck(),
        };
        const tail = this.stmts.tail.get();
        this.head = tail ? { id: tail.id, rowHash: tail.row_hash } : (0, chain_1.chainStart)(db);
        this.insertViolationTx = db.transaction((row, categories) => {
            // Another process writing the same file may have appended since our last insert: chain onto
            // its rows. A tail *behind* our head means rows were deleted; we keep chaining to what we wrote
            // so the deletion stays visible to verifyChain.
            const tail = this.stmts.tail.get();
            if (tail && tail.id > this.head.id)
                this.head = { id: tail.id, rowHash: tail.row_hash };
            const prevHash = this.head.rowHash;
            const rowHash = (0, chain_1.computeRowHash)(row, prevHash);
            const id = Number(this.stmts.insertViolation.run({ ...row, prev_hash: prevHash, row_hash: rowHash }).lastInsertRowid);
            for (const category of categories)
                this.stmts.insertCategory.run(category, id);
            return { id, rowHash };
        });
        const insertRequestsTx = db.transaction((rows) => {
            let rejected = 0;
            let firstError = null;
            for (const r of rows) {
                try {
                    this.stmts.insertRequest.run((0, schema_1.toRequestDbRow)(r));
                }
                catch (err) {
                    // A failed statement is rolled back on its own and the transaction goes on; anything that is
                    // not about this row (busy, I/O, disk full) aborts the batch so it is kept for the next try.
                    if (!(0, schema_1.isRowError)(err))
                        throw err;
                    rejected++;
                    firstError ??= err;
                }
            }
            return { rejected, firstError };
        });
        this.requests = new request_queue_1.RequestQueue({ ...settings, write: (rows) => insertRequestsTx.immediate(rows) });
    }
    /** Synchronous; the row is committed (and fsynced) when this returns. Throws AuditError. */
    recordViolation(v) {
        if (this.closed)
            throw new schema_1.AuditError('audit store: recordViolation after close');
        try {
            const row = (0, violation_row_1.buildViolationRow)(v, this.storageMode);
            const result = this.insertViolationTx.immediate(row, (0, schema_1.parseStringArray)(row.categories));
            this.head = { id: result.id, rowHash: result.rowHash };
            return result;
        }
        catch (err) {
            throw (0, schema_1.toAuditError)('recordViolation', err);
        }
    }
    /**
     * A gateway decision: committed like recordViolation, or — only when a spool is attached (fail
     * open) and the database fails — appended to the fsync'd spool and replayed later (`spooled`).
     * Throws AuditError when neither holds it, so the caller refuses the request: never silent loss.
     */
    recordDecision(v) {
        try {
            return { ...this.recordViolation(v), spooled: false };
        }
        catch (err) {
            if (!this.spool)
                throw err;
            try {
                this.spool.append(v);
            }
            catch (spoolErr) {
                throw new schema_1.AuditError(`audit store and spool both unavailable: ${err.message}; spool: ${spoolErr.message}`, { cause: spoolErr });
            }
            return { id: 0, rowHash: '', spooled: true };
        }
    }
    /** Attaches the fail-open spool: replays what an earlier run left at once, then every replayMs. */
    useSpool(spool, replayMs = 5000) {
        this.spool = spool;
        if (this.replayTimer)
            clearInterval(this.replayTimer);
        this.replayTimer = setInterval(() => {
            try {
                this.replaySpool();
            }
            catch (err) {
                this.settings.onError((0, schema_1.toAuditError)('spool replay', err));
            }
        }, replayMs);
        this.replayTimer.unref();
        return this.replaySpool();
    }
    /** Moves spooled decisions into the database (idempotent); a no-op without a spool or once closed. */
    replaySpool() {
        if (!this.spool || this.closed)
            return { replayed: 0, skipped: 0, torn: 0, pending: this.spool?.pending() ?? 0 };
        return this.spool.replay({
            write: (v) => this.recordViolation(v),
            has: (requestId, stage) => this.getViolations({ requestId, limit: 1000 }).some((r) => r.stage === stage),
        });
    }
    /** Queued; written within batchMs, or on the next tick once batchSize rows wait. Never throws. */
    recordRequest(r) {
        this.requests.push(r);
    }
    /** Writes every queued request row in one transaction. Failures go to onError; the rows are kept. */
    flush() {
        if (!this.closed)
            this.requests.flush();
    }
    /** Flushes, then closes. Rows that still cannot be written are counted as dropped. Idempotent. */
    close() {
        if (this.closed)
            return;
        if (this.replayTimer)
            clearInterval(this.replayTimer);
        this.replayTimer = null;
        try {
            this.replaySpool();
        }
        catch (err) {
            this.settings.onError((0, schema_1.toAuditError)('spool replay at close', err));
        }
        this.spool?.close();
        this.requests.close();
        this.closed = true;
        this.db.close();
    }
    isHealthy() {
        if (this.closed)
            return false;
        try {
            return this.stmts.health.get() === 1;
        }
        catch {
            return false;
        }
    }
    /** Newest first. */
    getViolations(q = {}) {
        const where = [];
        const params = { limit: (0, schema_1.clampLimit)(q.limit) };
        if (q.requestId !== undefined)
            where.push('request_id = @requestId');
        if (q.since !== undefined)
            where.push('ts >= @since');
        if (q.category !== undefined) {
            where.push('id IN (SELECT violation_id FROM violation_categories WHERE category = @category)');
        }
        for (const key of ['requestId', 'since', 'category'])
            if (q[key] !== undefined)
                params[key] = q[key];
        const rows = this.query('violations', where).all(params);
        return rows.map(schema_1.toViolationRow);
    }
    /** Newest first; only rows already flushed. */
    getRequests(q = {}) {
        const params = { limit: (0, schema_1.clampLimit)(q.limit) };
        const where = [];
        if (q.requestId !== undefined) {
            where.push('request_id = @requestId');
            params.requestId = q.requestId;
        }
        const rows = this.query('requests', where).all(params);
        return rows.map(schema_1.toRequestRow);
    }
    countViolations() {
        return this.read('countViolations', () => this.stmts.countViolations.get() ?? 0);
    }
    /** Checks the chain in the file, and that the last row this store wrote is still there, unchanged. */
    verifyChain() {
        return this.read('verifyChain', () => (0, chain_1.verifyDatabase)(this.db, this.head));
    }
    chainHead() {
        return { ...this.head };
    }
    stats() {
        return this.requests.stats();
    }
    /**
     * The connection, for the workflow modules of src/audit (remediation, retention, strikes, exports)
     * that own their own tables; failures surface as AuditError naming `what`. Not for use outside
     * src/audit: nothing else may depend on better-sqlite3.
     */
    withDb(what, fn) {
        if (this.closed)
            throw new schema_1.AuditError(`audit store: ${what} after close`);
        try {
            return fn(this.db);
        }
        catch (err) {
            // A refused workflow step is the caller's answer, not a storage failure.
            if (err instanceof status_1.WorkflowError)
                throw err;
            throw (0, schema_1.toAuditError)(what, err);
        }
    }
    read(what, fn) {
        if (this.closed)
            throw new schema_1.AuditError(`audit store: ${what} after close`);
        try {
            return fn();
        }
        catch (err) {
            throw (0, schema_1.toAuditError)(what, err);
        }
    }
    /** Read statements are prepared on first use and cached by their shape (which filters are set). */
    query(table, where) {
        const sql = `SELECT * FROM ${table}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`;
        return this.read(`query ${table}`, () => {
            let stmt = this.queries.get(sql);
            if (!stmt) {
                stmt = this.db.prepare(sql);
                this.queries.set(sql, stmt);
            }
            return stmt;
        });
    }
}
exports.AuditStore = AuditStore;
