"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.parsed = parsed;
exports.segmentViews = segmentViews;
exports.createReadApi = createReadApi;
/**
 * Read routes of the dashboard API (any role): overview, violations (list and detail), remediation
 * queue, complaints, rules. Remediation items are synced and deadlines checked before reads, so the
 * page shows the same state the CLI would.
 */
const express_1 = __importDefault(require("express"));
const remediation_queue_1 = require("../audit/remediation-queue");
const items_1 = require("../audit/items");
const overview_1 = require("../audit/overview");
const policy_revisions_1 = require("../audit/policy-revisions");
const prompt_1 = require("../audit/prompt");
const remediation_1 = require("../audit/remediation");
const stats_1 = require("../audit/stats");
const violation_search_1 = require("../audit/violation-search");
const coverage_1 = require("../policy/coverage");
const auth_1 = require("./auth");
const params_1 = require("./params");
const DAY_MS = 86_400_000;
/** Parses a query with a schema, or answers 400 naming each bad field. */
function parsed(schema, value, res) {
    const r = schema.safeParse(value);
    if (r.success)
        return r.data;
    (0, auth_1.apiError)(res, 400, 'invalid_request', 'invalid parameters', { issues: (0, params_1.issuesOf)(r.error) });
    return null;
}
/**
 * The stored content split back into its `path: text` segments, with each finding's span on the
 * segment it points at. Spans are UTF-16 offsets of the original text; masking replaces each code
 * point with one `*`, so in masked storage a span only shifts past astral characters (emoji).
 */
function segmentViews(content, findings) {
    if (content === null)
        return [];
    const segments = (0, prompt_1.splitSegments)(content).map((s) => ({ path: s.path, text: s.text, marks: [] }));
    findings.forEach((f, i) => {
        const seg = segments[f.segment];
        if (!seg || !f.span)
            return;
        const start = Math.max(0, Math.min(f.span[0], seg.text.length));
        const end = Math.max(start, Math.min(f.span[1], seg.text.length));
        if (end > start)
            seg.marks.push([start, end, i]);
    });
    for (const s of segments)
        s.marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    return segments;
}
function createReadApi(o) {
    const router = express_1.default.Router();
    const sync = () => {
        (0, remediation_1.syncRemediation)(o.store, { months: o.months });
        (0, remediation_1.markOverdue)(o.store, o.now());
    };
    router.get('/overview', (req, res) => {
        const q = parsed(params_1.overviewQuery, req.query, res);
        if (!q)
            return;
        sync();
        const now = o.now();
        const until = q.until ?? now + 1;
        const since = q.since ?? until - (q.days ?? 30) * DAY_MS;
        const rs = o.rules.current().ruleSet;
        res.json({ since, until, now, policy: { mode: rs.policy.mode, revision: rs.revision }, storageMode: o.store.storageMode, ...(0, overview_1.overview)(o.store, { since, until }, now) });
    });
    router.get('/filters', (_req, res) => {
        res.json((0, violation_search_1.filterValues)(o.store));
    });
    router.get('/violations', (req, res) => {
        const q = parsed(params_1.violationQuery, req.query, res);
        if (!q)
            return;
        sync();
        res.json((0, violation_search_1.searchViolations)(o.store, { ...q, pageSize: q.page_size }));
    });
    router.get('/violations/:id', (req, res) => {
        const id = Number(req.params.id);
        if (!Number.isSafeInteger(id) || id < 1)
            return (0, auth_1.apiError)(res, 400, 'invalid_request', 'the violation id is a positive integer');
        sync();
        const d = (0, violation_search_1.violationDetail)(o.store, id);
        if (!d)
            return (0, auth_1.apiError)(res, 404, 'not_found', `no violation #${id}`);
        const v = d.violation;
        res.json({
            violation: { ...v, content: undefined },
            segments: segmentViews(v.content, v.findings),
            prompt: d.promptMessages,
            item: d.item,
            reviews: d.item ? (0, items_1.reviewsOf)(o.store, d.item.id) : [],
        });
    });
    router.get('/remediation', (req, res) => {
        const q = parsed(params_1.itemQuery, req.query, res);
        if (!q)
            return;
        sync();
        const pageSize = q.page_size ?? 100;
        const page = q.page ?? 1;
        const status = q.status ?? ['open', 'confirmed', 'overdue'];
        const { items, total } = (0, remediation_queue_1.remediationQueue)(o.store, { status, category: q.category, since: q.since, until: q.until }, { limit: pageSize, offset: (page - 1) * pageSize });
        res.json({ items, total, page, pageSize, now: o.now(), months: o.months, replays: (0, stats_1.replaySummary)(o.store, {}) });
    });
    router.get('/items/:id/reviews', (req, res) => {
        const id = Number(req.params.id);
        if (!Number.isSafeInteger(id) || id < 1)
            return (0, auth_1.apiError)(res, 400, 'invalid_request', 'the item id is a positive integer');
        res.json({ reviews: (0, items_1.reviewsOf)(o.store, id) });
    });
    router.get('/complaints', (_req, res) => {
        res.json({ complaints: (0, remediation_queue_1.complaintQueue)(o.store, 500), now: o.now() });
    });
    router.get('/rules', (_req, res) => {
        const rs = o.rules.current().ruleSet;
        const packs = new Map();
        for (const k of rs.keywords) {
            const stem = k.id.split(':')[1] ?? k.id;
            const p = packs.get(stem) ?? { file: `${stem}.txt`, category: k.category, lang: k.lang, kind: k.kind ?? 'block', entries: 0 };
            p.entries++;
            packs.set(stem, p);
        }
        res.json({
            revision: rs.revision, loadedAt: rs.loadedAt, mode: rs.policy.mode, keywords: rs.keywords.length, regexRules: rs.regexes.length,
            packs: [...packs.values()].sort((a, b) => a.file.localeCompare(b.file)), coverage: (0, coverage_1.coverage)(rs), revisions: (0, policy_revisions_1.listPolicyRevisions)(o.store).slice(-20),
        });
    });
    return router;
}
