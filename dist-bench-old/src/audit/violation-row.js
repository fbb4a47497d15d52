"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildViolationRow = buildViolationRow;
/** A ViolationInput as the values bound to the violations insert, per storage mode. */
const chain_1 = require("./chain");
const schema_1 = require("./schema");
function buildViolationRow(v, mode) {
    const content = (0, schema_1.wellFormedOrNull)(v.content);
    const stored = mode === 'full' ? content : mode === 'masked' ? (0, schema_1.wellFormedOrNull)(v.maskedContent) : null;
    return {
        request_id: (0, schema_1.wellFormed)(v.requestId),
        ts: v.ts,
        route: (0, schema_1.wellFormed)(v.route),
        model: (0, schema_1.wellFormedOrNull)(v.model),
        stage: v.stage,
        action: v.action,
        enforced: v.enforced,
        shadow: v.shadow ? 1 : 0,
        streamed: v.streamed ? 1 : 0,
        categories: JSON.stringify((0, schema_1.sortedUnique)(v.findings.map((f) => (0, schema_1.wellFormed)(f.category)))),
        rule_ids: JSON.stringify((0, schema_1.sortedUnique)(v.findings.map((f) => (0, schema_1.wellFormed)(f.ruleId)))),
        policy_revision: (0, schema_1.wellFormed)(v.policyRevision),
        client_key_fp: (0, schema_1.wellFormedOrNull)(v.clientKeyFp),
        tenant: (0, schema_1.wellFormedOrNull)(v.tenant),
        end_user: (0, schema_1.wellFormedOrNull)(v.endUser),
        storage_mode: mode,
        content: stored,
        content_sha256: content === null ? null : (0, chain_1.sha256Hex)(content),
        findings: JSON.stringify(v.findings.map((f) => (0, schema_1.storedFinding)(f, mode !== 'hash'))),
        reasons: JSON.stringify(v.reasons.map(schema_1.wellFormed)),
        source: (0, schema_1.wellFormed)(v.source ?? 'traffic'),
        hash_version: chain_1.CURRENT_HASH_VERSION,
    };
}
