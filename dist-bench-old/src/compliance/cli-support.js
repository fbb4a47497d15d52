"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.die = die;
exports.configFrom = configFrom;
exports.openStore = openStore;
exports.parseTime = parseTime;
exports.parseStatuses = parseStatuses;
exports.guarded = guarded;
/** Shared by the compliance commands: config + store opening, date and status parsing, failures. */
const config_1 = require("../config");
const store_1 = require("../audit/store");
const status_1 = require("../audit/status");
/** Prints the problem and exits 2 (usage / environment errors); 1 is kept for "found a problem". */
function die(message) {
    process.stderr.write(`${message}\n`);
    process.exit(2);
}
function configFrom(flags) {
    try {
        return (0, config_1.loadConfig)({ flags: { config: flags.config, db: flags.db, rules: flags.rules } });
    }
    catch (err) {
        if (err instanceof config_1.ConfigError)
            die(err.message);
        throw err;
    }
}
function openStore(config) {
    return store_1.AuditStore.open({ file: config.audit.db, storageMode: config.audit.storage_mode, onError: () => undefined });
}
/** "2026-01-31", "2026-01-31T12:00:00Z" or epoch ms → epoch ms (dates are UTC midnight). */
function parseTime(value, flag) {
    if (value === undefined)
        return undefined;
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (!Number.isFinite(ms))
        die(`${flag} "${value}" is not a date. Fix: use YYYY-MM-DD (UTC) or an ISO time, e.g. ${flag} 2026-01-31`);
    return ms;
}
function parseStatuses(value, flag = '--status') {
    if (value === undefined)
        return undefined;
    const list = value.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.filter((s) => !(0, status_1.isItemStatus)(s));
    if (bad.length > 0)
        die(`${flag}: unknown status ${bad.join(', ')}. Fix: use open, confirmed, false_positive, remediated or overdue (comma-separated)`);
    return list;
}
/** Runs a command body; WorkflowError and other failures print their message and exit 2. */
async function guarded(fn) {
    try {
        await fn();
    }
    catch (err) {
        if (err instanceof status_1.WorkflowError)
            die(err.message);
        die(`failed: ${err.message}`);
    }
}
