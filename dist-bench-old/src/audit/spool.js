"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditSpool = void 0;
/**
 * The durable JSONL spool behind `audit.on_unavailable: fail_open`. When a decision cannot be
 * committed to SQLite (file read-only, disk full, database locked past busy_timeout, store closed),
 * the violation is appended here as one JSON line and fsync'd *before* the response is sent, so a
 * fail-open gateway still never loses a decision silently: either the row is in the database, or it
 * is on disk in the spool, or the client got a 503.
 *
 * Replay moves spooled rows into the store (at start and on a timer). It is idempotent: a row whose
 * request id and stage are already in the store is skipped, so a crash between inserting a row and
 * deleting its spool file only costs a re-read, never a duplicate. A file is deleted only after all
 * its rows are in the store; a torn last line (a crash mid-append, before fsync returned, so no
 * client saw that response) is counted as `torn` and dropped with its file.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
function isSpoolLine(x) {
    if (typeof x !== 'object' || x === null)
        return false;
    const line = x;
    const v = line.violation;
    return line.v === 1 && typeof v === 'object' && v !== null && typeof v.requestId === 'string' && (v.stage === 'input' || v.stage === 'output');
}
function fsyncDir(dir) {
    // A new or deleted file is durable only once its directory entry is: fsync the directory too.
    const fd = node_fs_1.default.openSync(dir, 'r');
    try {
        node_fs_1.default.fsyncSync(fd);
    }
    finally {
        node_fs_1.default.closeSync(fd);
    }
}
class AuditSpool {
    dir;
    fd = null;
    seq = 0;
    constructor(dir) {
        this.dir = dir;
    }
    /** Appends one violation and fsyncs it; throws when the spool itself cannot be written. */
    append(violation) {
        const line = `${JSON.stringify({ v: 1, violation })}\n`;
        if (this.fd === null)
            this.openFile();
        const fd = this.fd;
        const size = node_fs_1.default.fstatSync(fd).size;
        try {
            node_fs_1.default.writeSync(fd, line);
            node_fs_1.default.fsyncSync(fd);
        }
        catch (err) {
            // A partial line must not prefix the next one: cut it off, and append to a fresh file next time.
            try {
                node_fs_1.default.ftruncateSync(fd, size);
            }
            catch {
                // the torn tail stays the file's last line; replay counts and drops it
            }
            this.rotate();
            throw err;
        }
    }
    /** Spool files, oldest first (names sort by creation time). */
    files() {
        let names;
        try {
            names = node_fs_1.default.readdirSync(this.dir);
        }
        catch (err) {
            if (err.code === 'ENOENT')
                return [];
            throw err;
        }
        return names.filter((n) => /^spool-.*\.jsonl$/.test(n)).sort().map((n) => node_path_1.default.join(this.dir, n));
    }
    /** Rows waiting in the spool (complete lines). */
    pending() {
        let n = 0;
        for (const f of this.files())
            n += node_fs_1.default.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
        return n;
    }
    /**
     * Moves every spooled row into the sink, oldest first; stops at the first failure and leaves the
     * rest (and the file being read) for the next attempt.
     */
    replay(sink) {
        // New appends go to a fresh file while this one is read and deleted.
        this.rotate();
        const result = { replayed: 0, skipped: 0, torn: 0, pending: 0 };
        const files = this.files();
        for (let i = 0; i < files.length; i++) {
            const lines = node_fs_1.default.readFileSync(files[i], 'utf8').split('\n');
            let failedAt = -1;
            for (let j = 0; j < lines.length; j++) {
                if (lines[j].trim() === '')
                    continue;
                let parsed;
                try {
                    parsed = JSON.parse(lines[j]);
                }
                catch {
                    parsed = null;
                }
                if (!isSpoolLine(parsed)) {
                    result.torn++;
                    continue;
                }
                const v = parsed.violation;
                try {
                    if (sink.has(v.requestId, v.stage)) {
                        result.skipped++;
                        continue;
                    }
                    sink.write(v);
                    result.replayed++;
                }
                catch {
                    failedAt = j;
                    break;
                }
            }
            if (failedAt >= 0) {
                for (const f of files.slice(i))
                    result.pending += node_fs_1.default.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
                // Rows before failedAt are in the store and will be skipped next time.
                return result;
            }
            node_fs_1.default.unlinkSync(files[i]);
            fsyncDir(this.dir);
        }
        return result;
    }
    close() {
        this.rotate();
    }
    rotate() {
        if (this.fd !== null)
            node_fs_1.default.closeSync(this.fd);
        this.fd = null;
    }
    openFile() {
        node_fs_1.default.mkdirSync(this.dir, { recursive: true });
        const stamp = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(this.seq++).padStart(6, '0')}`;
        this.fd = node_fs_1.default.openSync(node_path_1.default.join(this.dir, `spool-${stamp}.jsonl`), 'a', 0o600);
        fsyncDir(this.dir);
    }
}
exports.AuditSpool = AuditSpool;
