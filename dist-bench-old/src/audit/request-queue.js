"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RequestQueue = void 0;
/**
 * The in-memory queue of request metadata: rows wait at most batchMs (or one tick once batchSize
 * wait) and are written in one transaction. While the database fails, rows are kept and retried
 * with backoff, bounded by maxQueued (the oldest are dropped and counted). Never throws to callers.
 */
const schema_1 = require("./schema");
const MAX_RETRY_MS = 30_000;
class RequestQueue {
    opts;
    queue = [];
    timer = null;
    immediate = null;
    retryMs;
    closed = false;
    counters = { dropped: 0, rejected: 0, flushFailures: 0 };
    constructor(opts) {
        this.opts = opts;
        this.retryMs = opts.batchMs;
    }
    push(r) {
        if (this.closed) {
            this.counters.dropped++;
            return;
        }
        if (this.queue.length >= this.opts.maxQueued) {
            // Drop 1% at a time, so a long outage does not cost a 100k-element shift on every request.
            this.dropOldest(Math.max(this.queue.length - this.opts.maxQueued + 1, Math.ceil(this.opts.maxQueued / 100)));
        }
        this.queue.push({ ...r });
        if (this.queue.length >= this.opts.batchSize)
            this.scheduleImmediate();
        else
            this.scheduleTimer(this.opts.batchMs);
    }
    /** Writes every queued row in one transaction. Failures go to onError; the rows are kept. */
    flush() {
        this.cancelScheduled();
        if (this.closed || this.queue.length === 0)
            return;
        const batch = this.queue;
        this.queue = [];
        try {
            const { rejected, firstError } = this.opts.write(batch);
            this.retryMs = this.opts.batchMs;
            if (rejected > 0) {
                this.counters.rejected += rejected;
                this.report((0, schema_1.toAuditError)(`flush: ${rejected} request row(s) rejected`, firstError));
            }
        }
        catch (err) {
            this.queue = batch.concat(this.queue);
            if (this.queue.length > this.opts.maxQueued)
                this.dropOldest(this.queue.length - this.opts.maxQueued);
            this.counters.flushFailures++;
            this.report((0, schema_1.toAuditError)(`flush of ${batch.length} request row(s)`, err));
            // Back off while the database is failing, so onError is not called every batchMs.
            this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
            this.scheduleTimer(this.retryMs);
        }
    }
    /** Flushes once more; rows that still cannot be written are counted as dropped. Idempotent. */
    close() {
        if (this.closed)
            return;
        this.flush();
        this.cancelScheduled();
        if (this.queue.length > 0) {
            this.counters.dropped += this.queue.length;
            this.report(new schema_1.AuditError(`audit store: closed with ${this.queue.length} unwritten request row(s)`));
            this.queue = [];
        }
        this.closed = true;
    }
    stats() {
        return { queued: this.queue.length, ...this.counters };
    }
    dropOldest(n) {
        this.counters.dropped += this.queue.splice(0, n).length;
    }
    report(err) {
        try {
            this.opts.onError(err);
        }
        catch {
            // A throwing callback must not take the flush timer (and the process) down with it.
        }
    }
    scheduleTimer(ms) {
        if (this.timer)
            return;
        this.timer = setTimeout(() => {
            this.timer = null;
            this.flush();
        }, ms);
        this.timer.unref();
    }
    scheduleImmediate() {
        if (this.immediate)
            return;
        this.immediate = setImmediate(() => {
            this.immediate = null;
            this.flush();
        });
        this.immediate.unref();
    }
    cancelScheduled() {
        if (this.timer)
            clearTimeout(this.timer);
        if (this.immediate)
            clearImmediate(this.immediate);
        this.timer = null;
        this.immediate = null;
    }
}
exports.RequestQueue = RequestQueue;
