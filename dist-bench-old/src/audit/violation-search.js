"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.searchViolations = searchViolations;
exports.violationDetail = violationDetail;
exports.itemsOfViolations = itemsOfViolations;
exports.filterValues = filterValues;
const items_1 = require("./items");
const schema_1 = require("./schema");
const escapeLike = (s) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
function where(f) {
    const w = [];
    const params = {};
    const eq = (col, key) => {
        const value = f[key];
        if (value === undefined || value === '')
            return;
        w.push(`${col} = @${key}`);
        params[key] = value;
    };
    if (f.since !== undefined)
        (w.push('v.ts >= @since'), (params.since = f.since));
    if (f.until !== undefined)
        (w.push('v.ts < @until'), (params.until = f.until));
    if (f.category) {
        w.push("v.id IN (SELECT violation_id FROM violation_categories WHERE category = @category OR category LIKE @categoryPrefix ESCAPE '\\')");
        params.category = f.category;
        params.categoryPrefix = `${escapeLike(f.category)}.%`;
    }
    eq('v.stage', 'stage');
    eq('v.action', 'action');
    eq('v.model', 'model');
    eq('v.tenant', 'tenant');
    eq('i.id', 'item');
    if (f.status === 'none')
        w.push('i.id IS NULL');
    else
        eq('i.status', 'status');
    if (f.q) {
        w.push("(v.request_id = @qExact OR v.content LIKE @q ESCAPE '\\' OR v.findings LIKE @q ESCAPE '\\')");
        params.qExact = f.q;
        params.q = `%${escapeLike(f.q)}%`;
    }
    return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params };
}
const FROM = `FROM violations v LEFT JOIN remediation_members m ON m.violation_id = v.id LEFT JOIN remediation_items i ON i.id = m.item_id`;
function toListRow(r) {
    const v = (0, schema_1.toViolationRow)(r);
    return {
        id: v.id, requestId: v.requestId, ts: v.ts, route: v.route, model: v.model, tenant: v.tenant, stage: v.stage,
        action: v.action, enforced: v.enforced, shadow: v.shadow, streamed: v.streamed, categories: v.categories,
        ruleIds: v.ruleIds, source: v.source, excerpts: v.findings.slice(0, 3).map((f) => f.excerpt).filter((e) => e !== ''),
        itemId: r.item_id, itemStatus: r.item_status, deadline: r.item_deadline,
    };
}
function searchViolations(store, f) {
    const pageSize = Math.min(200, Math.max(1, Math.floor(f.pageSize ?? 50)));
    const page = Math.max(1, Math.floor(f.page ?? 1));
    const { sql, params } = where(f);
    return store.withDb('searchViolations', (db) => {
        const total = db.prepare(`SELECT COUNT(*) ${FROM} ${sql}`).pluck().get(params) ?? 0;
        const rows = db
            .prepare(`
        SELECT v.*, i.id AS item_id, i.status AS item_status, i.deadline AS item_deadline ${FROM} ${sql}
        ORDER BY v.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`)
            .all(params);
        return { rows: rows.map(toListRow), total, page, pageSize };
    });
}
function violationDetail(store, id) {
    return store.withDb('violationDetail', (db) => {
        const row = db.prepare('SELECT * FROM violations WHERE id = ?').get(id);
        if (!row)
            return null;
        const item = db
            .prepare('SELECT i.* FROM remediation_members m JOIN remediation_items i ON i.id = m.item_id WHERE m.violation_id = ?')
            .get(id);
        const prompt = db.prepare('SELECT messages FROM violation_prompts WHERE violation_id = ?').pluck().get(id);
        return { violation: (0, schema_1.toViolationRow)(row), item: item ? (0, items_1.toItem)(item) : null, promptMessages: prompt ?? null };
    });
}
/** Item ids of the given violations (after syncRemediation); violations without an item are absent. */
function itemsOfViolations(store, violationIds) {
    return store.withDb('itemsOfViolations', (db) => {
        const get = db.prepare('SELECT item_id FROM remediation_members WHERE violation_id = ?').pluck();
        const out = new Map();
        for (const id of violationIds) {
            const item = get.get(id);
            if (item !== undefined)
                out.set(id, item);
        }
        return out;
    });
}
/** Distinct values for the filter drop-downs (bounded). */
function filterValues(store) {
    return store.withDb('filterValues', (db) => {
        const list = (sql) => db.prepare(sql).pluck().all();
        return {
            models: list('SELECT DISTINCT model FROM violations WHERE model IS NOT NULL ORDER BY model LIMIT 200'),
            tenants: list('SELECT DISTINCT tenant FROM violations WHERE tenant IS NOT NULL ORDER BY tenant LIMIT 200'),
            categories: list('SELECT DISTINCT category FROM violation_categories ORDER BY category LIMIT 200'),
        };
    });
}
