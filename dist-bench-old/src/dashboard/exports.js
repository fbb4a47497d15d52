"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createExportApi = createExportApi;
/**
 * GET /exports/:format — the remediation report writers of `compliance-gateway report`, streamed
 * straight into the response (sft, preference, csv, json, html) with the same item filter. The
 * download is an attachment, so a browser never renders it in the dashboard's origin.
 */
const express_1 = __importDefault(require("express"));
const status_1 = require("../audit/status");
const run_1 = require("../compliance/report/run");
const sink_1 = require("../compliance/report/sink");
const auth_1 = require("./auth");
const api_read_1 = require("./api-read");
const params_1 = require("./params");
const TYPES = {
    sft: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl' },
    preference: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl' },
    csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
    json: { type: 'application/json; charset=utf-8', ext: 'json' },
    html: { type: 'text/html; charset=utf-8', ext: 'html' },
};
function createExportApi(o) {
    const router = express_1.default.Router();
    router.get('/exports/:format', (req, res, next) => {
        const format = String(req.params.format);
        if (!run_1.REPORT_FORMATS.includes(format)) {
            return (0, auth_1.apiError)(res, 404, 'not_found', `unknown export format "${format}"; use one of ${run_1.REPORT_FORMATS.join(', ')}`);
        }
        const q = (0, api_read_1.parsed)(params_1.itemQuery, req.query, res);
        if (!q)
            return;
        const f = format;
        const now = o.now();
        const name = `compliance-${f}-${new Date(now).toISOString().slice(0, 10)}.${TYPES[f].ext}`;
        // Headers are set before the first byte and only sent with it: a refused export still answers JSON.
        const sink = (0, sink_1.streamSink)(() => {
            res.status(200).setHeader('content-type', TYPES[f].type);
            res.setHeader('content-disposition', `attachment; filename="${name}"`);
            return res;
        }, true);
        (0, run_1.runReport)({ store: o.store, format: f, filter: { status: q.status, category: q.category, since: q.since, until: q.until }, sink, refusal: o.rules.current().ruleSet.policy.refusal, months: o.months, now })
            .catch((err) => {
            if (res.headersSent)
                return res.destroy();
            if (err instanceof status_1.WorkflowError)
                return (0, auth_1.apiError)(res, 409, 'conflict', err.message);
            next(err);
        });
    });
    return router;
}
