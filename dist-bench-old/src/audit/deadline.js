"use strict";
/**
 * Deadlines. A remediation deadline is the detection time plus N calendar months, computed in UTC:
 * the same day of the month N months later, at the same time of day; when the target month is
 * shorter, the deadline is that month's last day (31 Jan + 3 months = 30 Apr, 30 Nov + 3 months =
 * 28 Feb, or 29 Feb in a leap year). Clamping never pushes a deadline into the month after, so the
 * clock is never longer than N months. UTC keeps one answer whatever the server's time zone.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.addCalendarMonths = addCalendarMonths;
exports.addDays = addDays;
exports.isoDay = isoDay;
const DAY_MS = 86_400_000;
function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}
/** `ts` (epoch ms) plus `months` calendar months, clamped to the last day of the target month. */
function addCalendarMonths(ts, months) {
    const d = new Date(ts);
    const total = d.getUTCMonth() + months;
    const year = d.getUTCFullYear() + Math.floor(total / 12);
    const month = ((total % 12) + 12) % 12;
    const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
    return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}
function addDays(ts, days) {
    return ts + days * DAY_MS;
}
/** ISO date (YYYY-MM-DD, UTC) for reports. */
function isoDay(ts) {
    return new Date(ts).toISOString().slice(0, 10);
}
