/**
 * Retraining examples: each remediation item with its first (or, once that is pruned, its latest)
 * violation, and the prompt the audit trail kept for it. Iterated one row at a time.
 */
import { itemWhere, toItem, type ItemFilter, type RemediationItem } from './items';
import { parseMessages, promptFromSegments, outputFromSegments, type ChatMessage } from './prompt';
import type { AuditStore } from './store';
import type { StorageMode } from './types';

export interface Example {
  item: RemediationItem;
  violationId: number;
  storageMode: StorageMode;
  /** The prompt as messages, or null when the trail has none (hash mode, output row without prompt). */
  prompt: ChatMessage[] | null;
  /** The violating model output (output-stage rows with content), else null. */
  output: string | null;
  /** The model the violation was recorded for. */
  model: string | null;
}

interface ExampleDbRow {
  id: number; category: string; stage: string; source: string; count: number; first_violation_id: number;
  last_violation_id: number; first_seen: number; last_seen: number; detected_at: number; deadline: number;
  status: string; status_at: number; resolved_at: number | null;
  v_id: number; v_stage: string; v_mode: string; v_content: string | null; v_source: string; v_model: string | null; prompt_messages: string | null;
}

export function toExample(r: ExampleDbRow): Example {
  const item = toItem(r);
  const mode = r.v_mode as StorageMode;
  let prompt = parseMessages(r.prompt_messages);
  let output: string | null = null;
  if (r.v_content !== null && r.v_source !== 'user_report') {
    if (r.v_stage === 'input') prompt ??= [{ role: 'user', content: promptFromSegments(r.v_content) }];
    else output = outputFromSegments(r.v_content);
  }
  return { item, violationId: r.v_id, storageMode: mode, prompt, output, model: r.v_model };
}

const EXAMPLE_SELECT = `
  SELECT i.*, v.id AS v_id, v.stage AS v_stage, v.storage_mode AS v_mode, v.content AS v_content, v.source AS v_source,
         v.model AS v_model, p.messages AS prompt_messages
  FROM remediation_items i
  JOIN violations v ON v.id = COALESCE((SELECT id FROM violations WHERE id = i.first_violation_id), i.last_violation_id)
  LEFT JOIN violation_prompts p ON p.violation_id = v.id`;

export function* iterateExamples(store: AuditStore, f: ItemFilter = {}): Generator<Example> {
  const { sql, params } = itemWhere(f);
  const rows = store.withDb('iterateExamples', (db) =>
    db.prepare<[Record<string, string | number>], ExampleDbRow>(`${EXAMPLE_SELECT} ${sql} ORDER BY i.id`).iterate(params),
  );
  for (const r of rows) yield toExample(r);
}

export function exampleForItem(store: AuditStore, itemId: number): Example | null {
  const row = store.withDb('exampleForItem', (db) => db.prepare<[number], ExampleDbRow>(`${EXAMPLE_SELECT} WHERE i.id = ?`).get(itemId));
  return row ? toExample(row) : null;
}

export function itemIds(store: AuditStore, f: ItemFilter = {}): number[] {
  const { sql, params } = itemWhere(f);
  return store.withDb('itemIds', (db) => db.prepare<[Record<string, string | number>], number>(`SELECT i.id FROM remediation_items i ${sql} ORDER BY i.id`).pluck().all(params));
}

/** Storage modes present among the violations (for "hash mode cannot export content" errors). */
export function storageModes(store: AuditStore): StorageMode[] {
  return store.withDb('storageModes', (db) =>
    db.prepare<[], string>('SELECT DISTINCT storage_mode FROM violations').pluck().all() as StorageMode[],
  );
}

export function countItems(store: AuditStore, f: ItemFilter = {}): number {
  const { sql, params } = itemWhere(f);
  return store.withDb('countItems', (db) => db.prepare<[Record<string, string | number>], number>(`SELECT COUNT(*) FROM remediation_items i ${sql}`).pluck().get(params) ?? 0);
}
