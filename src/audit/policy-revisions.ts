/**
 * Every policy revision ever loaded, with its content hash and load time, so an auditor can tell
 * which rules made any recorded decision (violations carry the revision). The gateway calls
 * recordPolicyRevision at start and on every reload.
 */
import { toAuditError } from './schema';
import type { AuditStore } from './store';

export interface PolicyRevisionInput {
  /** RuleSet.revision: the hash of every rule file's bytes. */
  revision: string;
  /** Full content hash when known; defaults to the revision. */
  contentHash?: string;
  loadedAt: number;
  rulesDir: string | null;
  keywords: number;
  regexes: number;
  reason: 'start' | 'reload' | string;
}

export interface PolicyRevisionSummary {
  revision: string;
  contentHash: string;
  firstLoadedAt: number;
  lastLoadedAt: number;
  loads: number;
  keywords: number;
  regexes: number;
}

export async function recordPolicyRevision(store: AuditStore, p: PolicyRevisionInput): Promise<void> {
  try {
    await store.sql.run(
      'INSERT INTO policy_revisions (revision, content_hash, loaded_at, rules_dir, keywords, regexes, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [p.revision, p.contentHash ?? p.revision, p.loadedAt, p.rulesDir, p.keywords, p.regexes, p.reason],
    );
  } catch (err) {
    throw toAuditError('recordPolicyRevision', err);
  }
}

/** Convenience for a loaded RuleSet-like object. */
export function recordRuleSet(
  store: AuditStore,
  rs: { revision: string; loadedAt: number; dir: string; keywords: readonly unknown[]; regexes: readonly unknown[] },
  reason: 'start' | 'reload',
): Promise<void> {
  return recordPolicyRevision(store, { revision: rs.revision, loadedAt: rs.loadedAt, rulesDir: rs.dir, keywords: rs.keywords.length, regexes: rs.regexes.length, reason });
}

/** One row per distinct revision, oldest first. */
export async function listPolicyRevisions(store: AuditStore): Promise<PolicyRevisionSummary[]> {
  let rows: { revision: string; content_hash: string; first: number; last: number; loads: number; keywords: number; regexes: number }[];
  try {
    rows = await store.sql.all(`
        SELECT revision, MAX(content_hash) AS content_hash, MIN(loaded_at) AS first, MAX(loaded_at) AS last, COUNT(*) AS loads,
               MAX(keywords) AS keywords, MAX(regexes) AS regexes
        FROM policy_revisions GROUP BY revision ORDER BY first`);
  } catch (err) {
    throw toAuditError('listPolicyRevisions', err);
  }
  return rows.map((r) => ({ revision: r.revision, contentHash: r.content_hash, firstLoadedAt: r.first, lastLoadedAt: r.last, loads: r.loads, keywords: r.keywords, regexes: r.regexes }));
}
