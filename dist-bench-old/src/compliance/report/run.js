"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REPORT_FORMATS = void 0;
exports.runReport = runReport;
/**
 * `compliance-gateway report`: one function per format over the same item filter. Items are synced
 * (new violations grouped) and deadlines checked first, so every format shows the same state.
 */
const chain_1 = require("../../audit/chain");
const complaints_1 = require("../../audit/complaints");
const examples_1 = require("../../audit/examples");
const items_1 = require("../../audit/items");
const policy_revisions_1 = require("../../audit/policy-revisions");
const remediation_1 = require("../../audit/remediation");
const stats_1 = require("../../audit/stats");
const status_1 = require("../../audit/status");
const html_1 = require("./html");
const sink_1 = require("./sink");
const tabular_1 = require("./tabular");
const training_1 = require("./training");
exports.REPORT_FORMATS = ['sft', 'preference', 'csv', 'json', 'html'];
const URGENT_LIMIT = 500;
const EVIDENCE_LIMIT = 500;
async function runReport(o) {
    const now = o.now ?? Date.now();
    (0, remediation_1.syncRemediation)(o.store, { months: o.months });
    (0, remediation_1.markOverdue)(o.store, now);
    if (o.format === 'sft' || o.format === 'preference')
        return training(o);
    if (o.format === 'html')
        return html(o, now);
    return tabular(o, now);
}
async function training(o) {
    if (!o.refusal)
        throw new status_1.WorkflowError('invalid_input', 'sft and preference exports need the policy refusal text: pass --rules DIR');
    const modes = (0, examples_1.storageModes)(o.store);
    if (modes.length > 0 && modes.every((m) => m === 'hash')) {
        throw new status_1.WorkflowError('not_possible', `${o.format} export is not possible: the audit trail stores content as SHA-256 only (audit.storage_mode: hash). Use full or masked storage to collect retraining data.`);
    }
    const notes = [];
    if (modes.includes('masked'))
        notes.push('content is stored masked: prompts and outputs in this export carry masked text (e.g. 110***********1234), not the raw text');
    if (modes.includes('hash'))
        notes.push('rows recorded in hash mode have no content and were skipped');
    const build = o.format === 'sft' ? training_1.sftRow : training_1.preferenceRow;
    const skipped = {};
    const bar = (0, sink_1.progress)(o.format, (0, examples_1.countItems)(o.store, o.filter));
    let rows = 0;
    for (const example of (0, examples_1.iterateExamples)(o.store, o.filter)) {
        bar.tick();
        const row = build(example, o.refusal);
        if (typeof row === 'string') {
            skipped[row] = (skipped[row] ?? 0) + 1;
            continue;
        }
        const wait = o.sink.write(`${JSON.stringify(row)}\n`);
        if (wait)
            await wait;
        rows++;
    }
    await o.sink.end();
    bar.done();
    return { rows, skipped, notes };
}
async function tabular(o, now) {
    const bar = (0, sink_1.progress)(o.format, (0, examples_1.countItems)(o.store, o.filter));
    let rows = 0;
    if (o.format === 'csv')
        await o.sink.write((0, tabular_1.csvHeader)());
    else
        await o.sink.write(`{"generated_at":${JSON.stringify(new Date(now).toISOString())},"remediation_months":${o.months},"items":[`);
    for (const item of (0, items_1.iterateItems)(o.store, o.filter)) {
        bar.tick();
        const wait = o.sink.write(o.format === 'csv' ? (0, tabular_1.csvLine)(item) : `${rows === 0 ? '\n' : ',\n'}${JSON.stringify((0, tabular_1.itemRecord)(item))}`);
        if (wait)
            await wait;
        rows++;
    }
    if (o.format === 'json')
        await o.sink.write('\n]}\n');
    await o.sink.end();
    bar.done();
    return { rows, skipped: {}, notes: [] };
}
async function html(o, now) {
    const period = { since: o.filter.since, until: o.filter.until };
    let chain;
    try {
        chain = (0, chain_1.verifyChain)(o.store);
    }
    catch (err) {
        chain = { error: err.message };
    }
    const filters = [o.filter.category && `category ${o.filter.category}`, o.filter.status?.length && `status ${o.filter.status.join('|')}`].filter((x) => typeof x === 'string');
    const urgent = (0, stats_1.urgentItems)(o.store, o.filter, URGENT_LIMIT);
    await o.sink.write((0, html_1.renderHtml)({
        generatedAt: now, period, filters, storageModes: (0, examples_1.storageModes)(o.store), stats: (0, stats_1.reportStats)(o.store, period, o.filter),
        urgent, urgentLimit: URGENT_LIMIT, evidence: (0, stats_1.evidence)(o.store, period, EVIDENCE_LIMIT), replays: (0, stats_1.replaySummary)(o.store, period),
        revisions: (0, policy_revisions_1.listPolicyRevisions)(o.store), chain, complaints: (0, complaints_1.complaintCounts)(o.store, now, period), months: o.months,
    }));
    await o.sink.end();
    return { rows: urgent.length, skipped: {}, notes: [] };
}
