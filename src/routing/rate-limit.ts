/**
 * Per-key request rate limits: a token bucket per key (tenant id or client key fingerprint),
 * refilled continuously at `perMinute / 60` tokens a second, holding at most `perMinute`. Buckets
 * idle for over two minutes are forgotten, so memory stays bounded by the active keys.
 */
interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token; false when the key is over its rate. */
  take(key: string, perMinute: number): boolean {
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [k, b] of this.buckets) if (now - b.at > 120_000) this.buckets.delete(k);
  }
}
