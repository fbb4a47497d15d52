"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Semaphore = void 0;
/** A counting semaphore: at most `limit` calls to one external classifier at a time; waiters can give up. */
class Semaphore {
    limit;
    active = 0;
    waiting = [];
    constructor(limit) {
        this.limit = limit;
    }
    /** Resolves with a release function; rejects if `signal` aborts while waiting. */
    acquire(signal) {
        if (signal.aborted)
            return Promise.reject(new Error('aborted while waiting for a slot'));
        const release = () => {
            this.active--;
            this.waiting.shift()?.();
        };
        if (this.active < this.limit) {
            this.active++;
            return Promise.resolve(release);
        }
        return new Promise((resolve, reject) => {
            const grant = () => {
                signal.removeEventListener('abort', onAbort);
                this.active++;
                resolve(release);
            };
            const onAbort = () => {
                const i = this.waiting.indexOf(grant);
                if (i >= 0)
                    this.waiting.splice(i, 1);
                reject(new Error(`no free slot (concurrency ${this.limit}) before the deadline`));
            };
            signal.addEventListener('abort', onAbort, { once: true });
            this.waiting.push(grant);
        });
    }
    get inFlight() {
        return this.active;
    }
}
exports.Semaphore = Semaphore;
