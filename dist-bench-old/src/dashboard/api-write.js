"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createWriteApi = createWriteApi;
/**
 * Mutating routes of the dashboard API. Every review is a remediation-item transition (or a note)
 * logged in remediation_reviews with the officer's name and the time — the same evidence trail the
 * CLI writes. Bulk reviews report per item; one refused move does not stop the others.
 *   POST /reviews     officer: confirm / false positive / reopen / note, on violations or items
 *   POST /allowlist   admin: a keyword false positive becomes an allow-list entry (hot reload)
 *   POST /rules/try   any role: what the policy would do with a text (nothing is recorded)
 */
const express_1 = __importDefault(require("express"));
const review_notes_1 = require("../audit/review-notes");
const remediation_1 = require("../audit/remediation");
const status_1 = require("../audit/status");
const violation_search_1 = require("../audit/violation-search");
const allowlist_1 = require("./allowlist");
const auth_1 = require("./auth");
const api_read_1 = require("./api-read");
const params_1 = require("./params");
const DEFAULT_CONFIRM_NOTE = 'confirmed in the dashboard';
function createWriteApi(o) {
    const router = express_1.default.Router();
    const json = express_1.default.json({ limit: '64kb' });
    const sync = () => {
        (0, remediation_1.syncRemediation)(o.store, { months: o.months });
        (0, remediation_1.markOverdue)(o.store, o.now());
    };
    router.post('/reviews', o.requireOfficer, json, (req, res) => {
        const body = (0, api_read_1.parsed)(params_1.reviewBody, req.body, res);
        if (!body)
            return;
        sync();
        const officer = (0, auth_1.principalOf)(res).officer;
        const viaViolation = (0, violation_search_1.itemsOfViolations)(o.store, body.violation_ids ?? []);
        const noItem = (body.violation_ids ?? []).filter((id) => !viaViolation.has(id));
        const items = [...new Set([...viaViolation.values(), ...(body.item_ids ?? [])])];
        const note = body.note || DEFAULT_CONFIRM_NOTE;
        const results = items.map((itemId) => {
            try {
                const status = body.decision === 'note'
                    ? (0, review_notes_1.addItemNote)(o.store, { itemId, reviewer: officer, note, now: o.now() })
                    : (0, remediation_1.reviewItem)(o.store, { itemId, to: body.decision, reviewer: officer, note, now: o.now() });
                return { item_id: itemId, ok: true, status };
            }
            catch (err) {
                if (err instanceof status_1.WorkflowError)
                    return { item_id: itemId, ok: false, error: err.code, message: err.message };
                throw err;
            }
        });
        const failed = results.filter((r) => !r.ok).length;
        res.status(failed === results.length && results.length > 0 ? 409 : 200).json({
            results,
            // Flags and redactions open no remediation item (see README "Compliance workflow"): nothing to review.
            without_item: noItem,
        });
    });
    router.post('/allowlist', o.requireAdmin, json, (req, res, next) => {
        const body = (0, api_read_1.parsed)(params_1.allowlistBody, req.body, res);
        if (!body)
            return;
        sync();
        const d = (0, violation_search_1.violationDetail)(o.store, body.violation_id);
        if (!d)
            return (0, auth_1.apiError)(res, 404, 'not_found', `no violation #${body.violation_id}`);
        const finding = d.violation.findings[body.finding];
        if (!finding)
            return (0, auth_1.apiError)(res, 400, 'invalid_request', `violation #${body.violation_id} has no finding ${body.finding}`);
        const officer = (0, auth_1.principalOf)(res).officer;
        (0, allowlist_1.addAllowlistEntry)(o.rules, { finding, stage: d.violation.stage, phrase: body.phrase, officer, violationId: body.violation_id, now: o.now() })
            .then((r) => {
            if (!r.ok)
                return (0, auth_1.apiError)(res, r.status, r.status === 422 ? 'conflict' : r.status >= 500 ? 'internal_error' : 'invalid_request', r.message, r.problems ? { problems: r.problems } : {});
            let status = d.item?.status ?? null;
            if (d.item) {
                const note = `allow-listed in ${r.file} (rules ${r.revision})${body.note ? `: ${body.note}` : ''}`;
                try {
                    status = d.item.status === 'false_positive'
                        ? (0, review_notes_1.addItemNote)(o.store, { itemId: d.item.id, reviewer: officer, note, now: o.now() })
                        : (0, remediation_1.reviewItem)(o.store, { itemId: d.item.id, to: 'false_positive', reviewer: officer, note, now: o.now() });
                }
                catch (err) {
                    if (!(err instanceof status_1.WorkflowError))
                        throw err;
                }
            }
            res.status(201).json({ file: r.file, revision: r.revision, item_id: d.item?.id ?? null, item_status: status });
        })
            .catch(next);
    });
    router.post('/rules/try', json, (req, res, next) => {
        const body = (0, api_read_1.parsed)(params_1.tryBody, req.body, res);
        if (!body)
            return;
        const engine = o.rules.current();
        const segments = [{ path: 'text', text: body.text }];
        engine
            .inspect(segments, body.stage)
            .then((v) => {
            res.json({
                action: v.action, enforced: v.enforced, shadow: v.shadow, reasons: v.reasons, policyRevision: v.policyRevision,
                findings: v.findings.map((f) => ({ ruleId: f.ruleId, category: f.category, severity: f.severity, score: f.score, span: f.span ?? null, excerpt: f.excerpt, via: f.via ?? null })),
                errors: v.errors.map((e) => e.detector),
                redacted: engine.redactSegments(segments, v.findings)[0],
            });
        })
            .catch(next);
    });
    return router;
}
