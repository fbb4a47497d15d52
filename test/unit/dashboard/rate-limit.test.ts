import { LoginLimiter } from '../../../src/dashboard/rate-limit';

function limiter(now: { t: number }) {
  return new LoginLimiter({ maxFailures: 3, maxFailuresPerIp: 5, windowMs: 60_000, now: () => now.t });
}

describe('LoginLimiter', () => {
  it('blocks an address and name after the allowed failures, until the window ends', () => {
    const now = { t: 0 };
    const l = limiter(now);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('1.2.3.4', 'li')).toBe(0);
      l.fail('1.2.3.4', 'li');
    }
    expect(l.retryAfter('1.2.3.4', 'li')).toBe(60);
    expect(l.retryAfter('5.6.7.8', 'li')).toBe(0); // another address
    expect(l.retryAfter('1.2.3.4', 'wang')).toBe(0); // another name
    now.t = 59_000;
    expect(l.retryAfter('1.2.3.4', 'li')).toBe(1);
    now.t = 60_000;
    expect(l.retryAfter('1.2.3.4', 'li')).toBe(0);
  });

  it('blocks an address that sprays many names', () => {
    const l = limiter({ t: 0 });
    ['a', 'b', 'c', 'd', 'e'].forEach((n) => l.fail('9.9.9.9', n));
    expect(l.retryAfter('9.9.9.9', 'fresh-name')).toBe(60);
  });

  it('clears the name counter on success', () => {
    const l = limiter({ t: 0 });
    l.fail('1.1.1.1', 'li');
    l.fail('1.1.1.1', 'li');
    l.succeed('1.1.1.1', 'li');
    l.fail('1.1.1.1', 'li');
    l.fail('1.1.1.1', 'li');
    expect(l.retryAfter('1.1.1.1', 'li')).toBe(0);
  });

  it('keeps names with separators apart from address and name pairs', () => {
    const l = new LoginLimiter({ maxFailures: 1, maxFailuresPerIp: 99, windowMs: 1000, now: () => 0 });
    l.fail('1.1.1.1|x', 'y');
    expect(l.retryAfter('1.1.1.1', 'x|y')).toBe(0);
  });
});
