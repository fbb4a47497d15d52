/**
 * Remediation items: every violation that needs the model fixed (a `block` decision, enforced or in
 * shadow mode, and every user report) is grouped into one item per category and normalized prompt,
 * with a count and a deadline of detection + N calendar months (deadline.ts). Violations are
 * append-only, so items, memberships and reviews live in their own tables; `syncRemediation` walks
 * the violations added since its cursor and is idempotent, so any command (report, replay, prune)
 * and the gateway can run it.
 */
import { SEVERITIES, type Severity } from '../types';
import { addCalendarMonths } from './deadline';
import { groupKey, outputFromSegments, parseMessages, promptFromSegments } from './prompt';
import { parseJsonArray, parseStringArray } from './schema';
import { assertTransition, isItemStatus, WorkflowError, type Actor, type ItemStatus } from './status';
import { all, get, inTransaction, run, type Steps } from './sql/steps';
import type { AuditStore } from './store';

const SYNC_BATCH = 5000;

interface SyncRow {
  id: number;
  ts: number;
  stage: string;
  action: string;
  source: string;
  categories: string;
  findings: string;
  content: string | null;
  content_sha256: string | null;
  prompt_messages: string | null;
  prompt_sha: string | null;
}

interface ItemDbRow {
  id: number;
  status: string;
}

/** The category an item is filed under: the most severe finding's (ties: the smallest code). */
export function primaryCategory(findingsJson: string, categoriesJson: string): string {
  let best: { category: string; rank: number } | null = null;
  for (const f of parseJsonArray(findingsJson)) {
    if (typeof f !== 'object' || f === null) continue;
    const { category, severity } = f as { category?: unknown; severity?: unknown };
    if (typeof category !== 'string') continue;
    const rank = SEVERITIES.indexOf(severity as Severity);
    if (!best || rank > best.rank || (rank === best.rank && category < best.category)) best = { category, rank };
  }
  return best?.category ?? parseStringArray(categoriesJson)[0] ?? 'unclassified';
}

/** What identifies "the same prompt": the prompt text when kept, else a hash of what is kept. */
export function subjectOf(r: SyncRow): string {
  const messages = parseMessages(r.prompt_messages);
  if (messages) return messages.filter((m) => m.role !== 'assistant').map((m) => m.content).join('\n');
  if (r.prompt_sha) return `sha256:${r.prompt_sha}`;
  if (r.content !== null) return r.stage === 'input' || r.source === 'user_report' ? promptFromSegments(r.content) : outputFromSegments(r.content);
  return `sha256:${r.content_sha256 ?? `violation-${r.id}`}`;
}

export function needsRemediation(r: { action: string; source: string }): boolean {
  return r.action === 'block' || r.source === 'user_report';
}

const LOG_REVIEW = 'INSERT INTO remediation_reviews (item_id, ts, reviewer, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)';
/** Every instance syncing at once would file the same violations twice: one syncer at a time. */
const REMEDIATION_LOCK = 'remediation';

function* syncBatch(months: number): Steps<number> {
  const cursor = (yield get('SELECT last_violation_id AS last FROM remediation_cursor WHERE id = 1')) as { last: number } | undefined;
  const rows = (yield all(`
      SELECT v.id, v.ts, v.stage, v.action, v.source, v.categories, v.findings, v.content, v.content_sha256,
             p.messages AS prompt_messages, p.content_sha256 AS prompt_sha
      FROM violations v LEFT JOIN violation_prompts p ON p.violation_id = v.id
      WHERE v.id > ? ORDER BY v.id LIMIT ?`, [cursor?.last ?? 0, SYNC_BATCH])) as SyncRow[];
  for (const r of rows) {
    if (!needsRemediation(r)) continue;
    const category = primaryCategory(r.findings, r.categories);
    const key = groupKey(category, subjectOf(r));
    const deadline = addCalendarMonths(r.ts, months);
    const item = (yield get('SELECT id, status FROM remediation_items WHERE group_key = ?', [key])) as ItemDbRow | undefined;
    let itemId: number;
    if (!item) {
      const inserted = (yield get(`INSERT INTO remediation_items (group_key, category, stage, source, first_violation_id,
        last_violation_id, first_seen, last_seen, count, detected_at, deadline, status, status_at)
        VALUES (@key, @category, @stage, @source, @id, @id, @ts, @ts, 1, @ts, @deadline, 'open', @ts) RETURNING id`,
      { key, category, stage: r.stage, source: r.source, id: r.id, ts: r.ts, deadline })) as { id: number };
      itemId = Number(inserted.id);
    } else {
      itemId = item.id;
      yield run('UPDATE remediation_items SET count = count + 1, last_violation_id = ?, last_seen = CASE WHEN last_seen > ? THEN last_seen ELSE ? END WHERE id = ?', [r.id, r.ts, r.ts, itemId]);
      if (item.status === 'remediated') {
        // The model generated it again after remediation: the clock starts over.
        yield run(`UPDATE remediation_items SET status = 'open', status_at = @ts, detected_at = @ts, deadline = @deadline,
          resolved_at = NULL WHERE id = @id`, { id: itemId, ts: r.ts, deadline });
        yield run(LOG_REVIEW, [itemId, r.ts, 'system', 'remediated', 'open', `regenerated after remediation (violation #${r.id})`]);
      }
    }
    yield run('INSERT INTO remediation_members (violation_id, item_id) VALUES (?, ?) ON CONFLICT (violation_id) DO NOTHING', [r.id, itemId]);
  }
  if (rows.length > 0) yield run('UPDATE remediation_cursor SET last_violation_id = ? WHERE id = 1', [rows[rows.length - 1].id]);
  return rows.length;
}

/** Groups violations recorded since the last sync into items. Returns how many violations it filed. */
export async function syncRemediation(store: AuditStore, opts: { months: number }): Promise<number> {
  let filed = 0;
  for (;;) {
    const n = await inTransaction(store, 'syncRemediation', () => syncBatch(opts.months), REMEDIATION_LOCK);
    if (n === 0) return filed;
    filed += n;
  }
}

function* overdueSteps(now: number): Steps<number> {
  const due = (yield all("SELECT id, status FROM remediation_items WHERE status IN ('open', 'confirmed') AND deadline < ?", [now])) as ItemDbRow[];
  for (const item of due) {
    yield run("UPDATE remediation_items SET status = 'overdue', status_at = ? WHERE id = ?", [now, item.id]);
    yield run(LOG_REVIEW, [item.id, now, 'system', item.status, 'overdue', 'remediation deadline passed']);
  }
  return due.length;
}

/** open/confirmed items whose deadline has passed become overdue. Returns how many. */
export function markOverdue(store: AuditStore, now: number): Promise<number> {
  return inTransaction(store, 'markOverdue', () => overdueSteps(now), REMEDIATION_LOCK);
}

export interface Transition {
  itemId: number;
  to: ItemStatus;
  actor: Actor;
  /** Reviewer's name, or 'replay' / 'system'. */
  by: string;
  note: string;
  now: number;
}

function* transitionSteps(t: Transition): Steps<ItemStatus> {
  const item = (yield get('SELECT id, status FROM remediation_items WHERE id = ?', [t.itemId])) as ItemDbRow | undefined;
  if (!item || !isItemStatus(item.status)) throw new WorkflowError('not_found', `no remediation item #${t.itemId}; list them with \`compliance-gateway audit items\``);
  assertTransition(item.status, t.to, t.actor);
  const resolved = t.to === 'remediated' || t.to === 'false_positive' ? t.now : null;
  yield run('UPDATE remediation_items SET status = ?, status_at = ?, resolved_at = ? WHERE id = ?', [t.to, t.now, resolved, t.itemId]);
  yield run(LOG_REVIEW, [t.itemId, t.now, t.by, item.status, t.to, t.note]);
  return t.to;
}

/** Moves an item along the status machine (status.ts) and logs who did it, when and why. */
export async function transitionItem(store: AuditStore, t: Transition): Promise<ItemStatus> {
  if (t.actor === 'reviewer' && (t.by.trim() === '' || t.note.trim() === '')) {
    throw new WorkflowError('invalid_input', 'a review needs the reviewer and a note: pass --reviewer NAME --note "why"');
  }
  return inTransaction(store, 'transitionItem', () => transitionSteps(t), REMEDIATION_LOCK);
}

/** A reviewer's decision on an item: confirmed, false_positive, or open again. */
export function reviewItem(store: AuditStore, r: { itemId: number; to: ItemStatus; reviewer: string; note: string; now?: number }): Promise<ItemStatus> {
  return transitionItem(store, { itemId: r.itemId, to: r.to, actor: 'reviewer', by: r.reviewer, note: r.note, now: r.now ?? Date.now() });
}
