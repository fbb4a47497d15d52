"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LoginLimiter = void 0;
class LoginLimiter {
    opts;
    counters = new Map();
    now;
    maxEntries;
    constructor(opts) {
        this.opts = opts;
        this.now = opts.now ?? Date.now;
        this.maxEntries = opts.maxEntries ?? 50_000;
    }
    /** Seconds until the next attempt may be made, or 0 when it may be made now. */
    retryAfter(ip, user) {
        const t = this.now();
        const wait = (key, max) => {
            const c = this.live(key, t);
            return c && c.failures >= max ? Math.ceil((c.windowStart + this.opts.windowMs - t) / 1000) : 0;
        };
        return Math.max(wait(pairKey(ip, user), this.opts.maxFailures), wait(ipKey(ip), this.opts.maxFailuresPerIp));
    }
    fail(ip, user) {
        const t = this.now();
        for (const key of [pairKey(ip, user), ipKey(ip)]) {
            const c = this.live(key, t);
            if (c)
                c.failures++;
            else {
                if (this.counters.size >= this.maxEntries)
                    this.counters.delete(this.counters.keys().next().value);
                this.counters.set(key, { failures: 1, windowStart: t });
            }
        }
    }
    succeed(ip, user) {
        this.counters.delete(pairKey(ip, user));
    }
    live(key, t) {
        const c = this.counters.get(key);
        if (c && t - c.windowStart >= this.opts.windowMs) {
            this.counters.delete(key);
            return undefined;
        }
        return c;
    }
}
exports.LoginLimiter = LoginLimiter;
// JSON keeps the two parts apart whatever characters a name holds.
const pairKey = (ip, user) => JSON.stringify(['u', ip, user]);
const ipKey = (ip) => JSON.stringify(['ip', ip]);
