/**
 * Login rate limit, in memory: failed attempts are counted per client address + officer name (a
 * password guesser on one account) and per client address (a guesser spraying many names) within a
 * fixed window. A success clears the address + name counter. The map is bounded so a flood of
 * addresses cannot grow the heap: the oldest entries go first.
 */
import { OldestFirst } from '../util/oldest-first';

export interface LoginLimiterOptions {
  maxFailures: number;
  maxFailuresPerIp: number;
  windowMs: number;
  now?: () => number;
  maxEntries?: number;
}

interface Counter {
  failures: number;
  windowStart: number;
}

export class LoginLimiter {
  private readonly counters = new Map<string, Counter>();
  private readonly eviction = new OldestFirst(this.counters);
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly opts: LoginLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 50_000;
  }

  /** Seconds until the next attempt may be made, or 0 when it may be made now. */
  retryAfter(ip: string, user: string): number {
    const t = this.now();
    const wait = (key: string, max: number): number => {
      const c = this.live(key, t);
      return c && c.failures >= max ? Math.ceil((c.windowStart + this.opts.windowMs - t) / 1000) : 0;
    };
    return Math.max(wait(pairKey(ip, user), this.opts.maxFailures), wait(ipKey(ip), this.opts.maxFailuresPerIp));
  }

  fail(ip: string, user: string): void {
    const t = this.now();
    for (const key of [pairKey(ip, user), ipKey(ip)]) {
      const c = this.live(key, t);
      if (c) c.failures++;
      else {
        this.eviction.trim(this.maxEntries - 1);
        this.counters.set(key, { failures: 1, windowStart: t });
      }
    }
  }

  succeed(ip: string, user: string): void {
    this.counters.delete(pairKey(ip, user));
  }

  private live(key: string, t: number): Counter | undefined {
    const c = this.counters.get(key);
    if (c && t - c.windowStart >= this.opts.windowMs) {
      this.counters.delete(key);
      return undefined;
    }
    return c;
  }
}

// JSON keeps the two parts apart whatever characters a name holds.
const pairKey = (ip: string, user: string): string => JSON.stringify(['u', ip, user]);
const ipKey = (ip: string): string => JSON.stringify(['ip', ip]);
