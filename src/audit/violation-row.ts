/** A ViolationInput as the values bound to the violations insert, per storage mode. */
import { CURRENT_HASH_VERSION, sha256Hex } from './chain';
import { sortedUnique, storedFinding, wellFormed, wellFormedOrNull } from './schema';
import type { ViolationDbRow } from './schema';
import type { StorageMode, ViolationInput } from './types';

export function buildViolationRow(v: ViolationInput, mode: StorageMode): ViolationDbRow {
  const content = wellFormedOrNull(v.content);
  const stored = mode === 'full' ? content : mode === 'masked' ? wellFormedOrNull(v.maskedContent) : null;
  return {
    request_id: wellFormed(v.requestId),
    ts: v.ts,
    route: wellFormed(v.route),
    model: wellFormedOrNull(v.model),
    stage: v.stage,
    action: v.action,
    enforced: v.enforced,
    shadow: v.shadow ? 1 : 0,
    streamed: v.streamed ? 1 : 0,
    categories: JSON.stringify(sortedUnique(v.findings.map((f) => wellFormed(f.category)))),
    rule_ids: JSON.stringify(sortedUnique(v.findings.map((f) => wellFormed(f.ruleId)))),
    policy_revision: wellFormed(v.policyRevision),
    client_key_fp: wellFormedOrNull(v.clientKeyFp),
    tenant: wellFormedOrNull(v.tenant),
    end_user: wellFormedOrNull(v.endUser),
    storage_mode: mode,
    content: stored,
    content_sha256: content === null ? null : sha256Hex(content),
    findings: JSON.stringify(v.findings.map((f) => storedFinding(f, mode !== 'hash'))),
    reasons: JSON.stringify(v.reasons.map(wellFormed)),
    source: wellFormed(v.source ?? 'traffic'),
    hash_version: CURRENT_HASH_VERSION,
  };
}
