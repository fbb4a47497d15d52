"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RateLimiter = void 0;
class RateLimiter {
    now;
    buckets = new Map();
    sweptAt = 0;
    constructor(now = Date.now) {
        this.now = now;
    }
    /** Takes one token; false when the key is over its rate. */
    take(key, perMinute) {
        const now = this.now();
        this.sweep(now);
        const b = this.buckets.get(key) ?? { tokens: perMinute, at: now };
        b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute);
        b.at = now;
        this.buckets.set(key, b);
        if (b.tokens < 1)
            return false;
        b.tokens -= 1;
        return true;
    }
    sweep(now) {
        if (now - this.sweptAt < 60_000)
            return;
        this.sweptAt = now;
        for (const [k, b] of this.buckets)
            if (now - b.at > 120_000)
                this.buckets.delete(k);
    }
}
exports.RateLimiter = RateLimiter;
