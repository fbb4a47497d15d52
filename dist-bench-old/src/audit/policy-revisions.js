"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.recordPolicyRevision = recordPolicyRevision;
exports.recordRuleSet = recordRuleSet;
exports.listPolicyRevisions = listPolicyRevisions;
function recordPolicyRevision(store, p) {
    store.withDb('recordPolicyRevision', (db) => db
        .prepare('INSERT INTO policy_revisions (revision, content_hash, loaded_at, rules_dir, keywords, regexes, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(p.revision, p.contentHash ?? p.revision, p.loadedAt, p.rulesDir, p.keywords, p.regexes, p.reason));
}
/** Convenience for a loaded RuleSet-like object. */
function recordRuleSet(store, rs, reason) {
    recordPolicyRevision(store, { revision: rs.revision, loadedAt: rs.loadedAt, rulesDir: rs.dir, keywords: rs.keywords.length, regexes: rs.regexes.length, reason });
}
/** One row per distinct revision, oldest first. */
function listPolicyRevisions(store) {
    return store.withDb('listPolicyRevisions', (db) => db
        .prepare(`
        SELECT revision, MAX(content_hash) AS content_hash, MIN(loaded_at) AS first, MAX(loaded_at) AS last, COUNT(*) AS loads,
               MAX(keywords) AS keywords, MAX(regexes) AS regexes
        FROM policy_revisions GROUP BY revision ORDER BY first`)
        .all()
        .map((r) => ({ revision: r.revision, contentHash: r.content_hash, firstLoadedAt: r.first, lastLoadedAt: r.last, loads: r.loads, keywords: r.keywords, regexes: r.regexes })));
}
