"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CSV_COLUMNS = void 0;
exports.itemRecord = itemRecord;
exports.csvField = csvField;
exports.csvHeader = csvHeader;
exports.csvLine = csvLine;
exports.CSV_COLUMNS = [
    'item_id', 'category', 'stage', 'source', 'count', 'status', 'first_seen', 'last_seen', 'detected_at', 'deadline',
    'status_at', 'resolved_at', 'first_violation_id', 'last_violation_id',
];
const iso = (ts) => (ts === null ? '' : new Date(ts).toISOString());
function itemRecord(i) {
    return {
        item_id: i.id, category: i.category, stage: i.stage, source: i.source, count: i.count, status: i.status,
        first_seen: iso(i.firstSeen), last_seen: iso(i.lastSeen), detected_at: iso(i.detectedAt), deadline: iso(i.deadline),
        status_at: iso(i.statusAt), resolved_at: iso(i.resolvedAt) || null,
        first_violation_id: i.firstViolationId, last_violation_id: i.lastViolationId,
    };
}
/**
 * One CSV field. Quoted when it holds a delimiter, quote or line break; a leading = + - @ (or tab/CR)
 * gets a ' prefix so a spreadsheet never evaluates traffic-derived text as a formula.
 */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;
function csvField(value) {
    if (value === null)
        return '';
    if (typeof value === 'number' || !NEEDS_CARE.test(value))
        return String(value);
    const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csvHeader() {
    return `${exports.CSV_COLUMNS.join(',')}\r\n`;
}
function csvLine(i) {
    const r = itemRecord(i);
    return `${exports.CSV_COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`;
}
