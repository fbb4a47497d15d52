import { addCalendarMonths, addDays } from '../../../src/audit/deadline';

const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

describe('addCalendarMonths (remediation deadline = detection + N calendar months, UTC)', () => {
  it.each([
    ['2026-01-15', utc(2026, 1, 15), '2026-04-15'],
    ['31 Jan → 30 Apr: clamped to the last day of the target month', utc(2026, 1, 31), '2026-04-30'],
    ['30 Nov → 28 Feb in a common year', utc(2025, 11, 30), '2026-02-28'],
    ['30 Nov → 29 Feb in a leap year', utc(2027, 11, 30), '2028-02-29'],
    ['29 Nov → 29 Feb in a leap year, 28 Feb otherwise', utc(2025, 11, 29), '2026-02-28'],
    ['31 Mar → 30 Jun', utc(2026, 3, 31), '2026-06-30'],
    ['31 Oct → 31 Jan across the year end', utc(2026, 10, 31), '2027-01-31'],
    ['31 Dec → 31 Mar', utc(2026, 12, 31), '2027-03-31'],
    ['28 Feb → 28 May (the short month does not shift the day)', utc(2026, 2, 28), '2026-05-28'],
  ])('%s', (_name, from, expected) => {
    expect(day(addCalendarMonths(from, 3))).toBe(expected);
  });

  it('keeps the time of day of the detection', () => {
    expect(addCalendarMonths(utc(2026, 1, 31, 23), 3)).toBe(Date.UTC(2026, 3, 30, 23));
  });

  it('never runs longer than N months: a clamped deadline stays in the target month', () => {
    for (let d = 1; d <= 31; d++) {
      const deadline = new Date(addCalendarMonths(utc(2026, 1, 1) + (d - 1) * 86_400_000, 1));
      expect(deadline.getUTCMonth()).toBe(1); // every January day + 1 month lands in February
    }
  });

  it('supports other configured lengths, including more than a year', () => {
    expect(day(addCalendarMonths(utc(2026, 1, 31), 1))).toBe('2026-02-28');
    expect(day(addCalendarMonths(utc(2026, 8, 31), 18))).toBe('2028-02-29');
  });

  it('adds whole days for complaint response deadlines', () => {
    expect(day(addDays(utc(2026, 2, 20), 15))).toBe('2026-03-07');
  });
});
