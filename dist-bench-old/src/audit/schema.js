"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.insertSql = exports.REQUEST_COLUMNS = exports.VIOLATION_COLUMNS = exports.AuditError = void 0;
exports.sqliteCodeOf = sqliteCodeOf;
exports.toAuditError = toAuditError;
exports.defaultMigrationsDir = defaultMigrationsDir;
exports.listMigrations = listMigrations;
exports.runMigrations = runMigrations;
exports.appliedMigrations = appliedMigrations;
exports.wellFormed = wellFormed;
exports.wellFormedOrNull = wellFormedOrNull;
exports.sortedUnique = sortedUnique;
exports.parseJsonArray = parseJsonArray;
exports.parseStringArray = parseStringArray;
exports.storedFinding = storedFinding;
exports.isFinding = isFinding;
exports.isRowError = isRowError;
exports.toViolationRow = toViolationRow;
exports.toRequestDbRow = toRequestDbRow;
exports.toRequestRow = toRequestRow;
exports.clampLimit = clampLimit;
/**
 * Low-level pieces of the audit store: the error class, the migration runner and where the
 * migrations live. Migrations are plain SQL files in `audit/migrations/NNNN_name.sql`; each runs
 * once, in version order, inside its own transaction, and is recorded in `schema_migrations`.
 */
const fs_1 = __importDefault(require("fs"));
const path_1 = __importDefault(require("path"));
/** Every failure of the audit store surfaces as this one class with a stable code. */
class AuditError extends Error {
    code = 'audit_unavailable';
    /** SQLite's extended result code (e.g. SQLITE_BUSY, SQLITE_READONLY) when there is one. */
    sqliteCode;
    constructor(message, options) {
        super(message, options);
        this.name = 'AuditError';
        this.sqliteCode = sqliteCodeOf(options?.cause);
    }
}
exports.AuditError = AuditError;
function sqliteCodeOf(err) {
    if (typeof err !== 'object' || err === null || !('code' in err))
        return null;
    const code = err.code;
    return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}
/** Wraps any failure; the message names the operation and SQLite's code, never row content. */
function toAuditError(what, err) {
    if (err instanceof AuditError)
        return err;
    const code = sqliteCodeOf(err);
    const detail = code ?? (err instanceof Error ? err.name : 'unknown error');
    return new AuditError(`audit store: ${what} failed (${detail})`, { cause: err });
}
/**
 * `<package root>/audit/migrations`, found by walking up to the nearest package.json, so it resolves
 * the same from src/audit (ts-jest), dist/audit (tsconfig.build.json) and dist/src/audit (tsconfig.json).
 */
function defaultMigrationsDir(from = __dirname) {
    for (let dir = from;; dir = path_1.default.dirname(dir)) {
        if (fs_1.default.existsSync(path_1.default.join(dir, 'package.json')))
            return path_1.default.join(dir, 'audit', 'migrations');
        if (path_1.default.dirname(dir) === dir)
            return path_1.default.resolve(from, '../../audit/migrations');
    }
}
const MIGRATION_FILE = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;
function listMigrations(dir) {
    let names;
    try {
        names = fs_1.default.readdirSync(dir);
    }
    catch (err) {
        throw new AuditError(`audit store: migrations directory ${dir} is not readable; pass migrationsDir pointing at audit/migrations`, { cause: err });
    }
    const migrations = [];
    for (const name of names) {
        const m = MIGRATION_FILE.exec(name);
        if (m)
            migrations.push({ version: Number(m[1]), name, file: path_1.default.join(dir, name) });
    }
    migrations.sort((a, b) => a.version - b.version);
    for (let i = 1; i < migrations.length; i++) {
        if (migrations[i].version === migrations[i - 1].version) {
            throw new AuditError(`audit store: migrations ${migrations[i - 1].name} and ${migrations[i].name} share version ` +
                `${migrations[i].version}; renumber one of them`);
        }
    }
    if (migrations.length === 0) {
        throw new AuditError(`audit store: no NNNN_name.sql files in ${dir}; pass migrationsDir pointing at audit/migrations`);
    }
    return migrations;
}
/** Applies pending migrations; returns the versions applied now. Safe with concurrent openers. */
function runMigrations(db, dir) {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
    const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied = [];
    for (const m of listMigrations(dir)) {
        if (isApplied.get(m.version))
            continue;
        const sql = fs_1.default.readFileSync(m.file, 'utf8');
        // IMMEDIATE takes the write lock before the re-check, so two processes opening the same file
        // cannot both apply a migration.
        const apply = db.transaction(() => {
            if (isApplied.get(m.version))
                return false;
            db.exec(sql);
            record.run(m.version, m.name, Date.now());
            return true;
        });
        try {
            if (apply.immediate())
                applied.push(m.version);
        }
        catch (err) {
            // Migration SQL is schema, not user content, so SQLite's message is safe and tells the fix.
            const reason = err instanceof Error ? err.message : String(err);
            throw new AuditError(`audit store: migration ${m.name} failed and was rolled back: ${reason}`, { cause: err });
        }
    }
    return applied;
}
function appliedMigrations(db) {
    return db
        .prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
        .all()
        .map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at }));
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * SQLite stores UTF-8, so a lone surrogate (possible in any JSON body: "\ud800") would be written as
 * U+FFFD and read back different from what was hashed, making an honest row look altered. Every
 * string is made well-formed before it is hashed or bound.
 */
function wellFormed(text) {
    return text.replace(LONE_SURROGATE, '\uFFFD');
}
function wellFormedOrNull(text) {
    return text === null || text === undefined ? null : wellFormed(text);
}
function sortedUnique(values) {
    return [...new Set(values)].sort();
}
function parseJsonArray(text) {
    if (typeof text !== 'string')
        return [];
    try {
        const value = JSON.parse(text);
        return Array.isArray(value) ? value : [];
    }
    catch {
        return []; // a hand-edited row; `audit verify` is what reports it
    }
}
function parseStringArray(text) {
    return parseJsonArray(text).filter((x) => typeof x === 'string');
}
/** Only the known fields are stored: a detector's extra property must not smuggle raw text in. */
function storedFinding(f, keepExcerpt) {
    const out = {
        detector: wellFormed(f.detector),
        ruleId: wellFormed(f.ruleId),
        category: wellFormed(f.category),
        severity: f.severity,
        score: f.score,
        segment: f.segment,
        excerpt: keepExcerpt ? wellFormed(f.excerpt) : '',
    };
    if (f.span)
        out.span = [f.span[0], f.span[1]];
    return out;
}
function isFinding(x) {
    if (typeof x !== 'object' || x === null)
        return false;
    const f = x;
    return (typeof f.detector === 'string' && typeof f.ruleId === 'string' && typeof f.category === 'string' &&
        typeof f.severity === 'string' && typeof f.score === 'number' && typeof f.segment === 'number' &&
        typeof f.excerpt === 'string');
}
/** A bad row, not a bad database: skip it instead of keeping the whole batch forever. */
function isRowError(err) {
    if (err instanceof TypeError || err instanceof RangeError)
        return true;
    const code = sqliteCodeOf(err) ?? '';
    return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/.test(code);
}
function toViolationRow(r) {
    return {
        id: r.id, requestId: r.request_id, ts: r.ts, route: r.route, model: r.model,
        stage: r.stage, action: r.action, enforced: r.enforced,
        shadow: r.shadow === 1, streamed: r.streamed === 1,
        categories: parseStringArray(r.categories), ruleIds: parseStringArray(r.rule_ids),
        policyRevision: r.policy_revision, clientKeyFp: r.client_key_fp, tenant: r.tenant, endUser: r.end_user,
        storageMode: r.storage_mode, content: r.content, contentSha256: r.content_sha256,
        findings: parseJsonArray(r.findings).filter(isFinding), reasons: parseStringArray(r.reasons),
        source: r.source, prevHash: r.prev_hash, rowHash: r.row_hash,
    };
}
function toRequestDbRow(r) {
    return {
        request_id: r.requestId, ts: r.ts, route: r.route, method: r.method, model: r.model, status: r.status,
        action: r.action, duration_ms: r.durationMs, streamed: r.streamed ? 1 : 0, client_key_fp: r.clientKeyFp,
        tenant: r.tenant, upstream_status: r.upstreamStatus,
    };
}
function toRequestRow(r) {
    return {
        id: r.id, requestId: r.request_id, ts: r.ts, route: r.route, method: r.method, model: r.model,
        status: r.status, action: r.action, durationMs: r.duration_ms, streamed: r.streamed === 1,
        clientKeyFp: r.client_key_fp, tenant: r.tenant, upstreamStatus: r.upstream_status,
    };
}
exports.VIOLATION_COLUMNS = [
    'request_id', 'ts', 'route', 'model', 'stage', 'action', 'enforced', 'shadow', 'streamed', 'categories',
    'rule_ids', 'policy_revision', 'client_key_fp', 'tenant', 'end_user', 'storage_mode', 'content',
    'content_sha256', 'findings', 'reasons', 'source', 'hash_version', 'prev_hash', 'row_hash',
];
exports.REQUEST_COLUMNS = [
    'request_id', 'ts', 'route', 'method', 'model', 'status', 'action', 'duration_ms', 'streamed',
    'client_key_fp', 'tenant', 'upstream_status',
];
const insertSql = (table, cols) => `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`;
exports.insertSql = insertSql;
function clampLimit(limit) {
    if (limit === undefined || !Number.isFinite(limit))
        return 100;
    return Math.min(10_000, Math.max(1, Math.floor(limit)));
}
