/**
 * Retraining examples: each remediation item with its first (or, once that is pruned, its latest)
 * violation, and the prompt the audit trail kept for it. Iterated one row at a time.
 */
import { itemWhere, toItem, type ItemFilter, type RemediationItem } from './items';
import { parseMessages, promptFromSegments, outputFromSegments, type ChatMessage } from './prompt';
import { audited } from './sql/audited';
import { mapRows } from './sql/db';
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

export function iterateExamples(store: AuditStore, f: ItemFilter = {}): AsyncIterable<Example> {
  const { sql, params } = itemWhere(f);
  return mapRows(store.sql.iterate<ExampleDbRow>(`${EXAMPLE_SELECT} ${sql} ORDER BY i.id`, params), toExample);
}

export async function exampleForItem(store: AuditStore, itemId: number): Promise<Example | null> {
  const row = await audited('exampleForItem', () => store.sql.get<ExampleDbRow>(`${EXAMPLE_SELECT} WHERE i.id = ?`, [itemId]));
  return row ? toExample(row) : null;
}

export async function itemIds(store: AuditStore, f: ItemFilter = {}): Promise<number[]> {
  const { sql, params } = itemWhere(f);
  const rows = await audited('itemIds', () => store.sql.all<{ id: number }>(`SELECT i.id FROM remediation_items i ${sql} ORDER BY i.id`, params));
  return rows.map((r) => r.id);
}

/** Storage modes present among the violations (for "hash mode cannot export content" errors). */
export async function storageModes(store: AuditStore): Promise<StorageMode[]> {
  const rows = await audited('storageModes', () => store.sql.all<{ m: string }>('SELECT DISTINCT storage_mode AS m FROM violations'));
  return rows.map((r) => r.m as StorageMode);
}

export async function countItems(store: AuditStore, f: ItemFilter = {}): Promise<number> {
  const { sql, params } = itemWhere(f);
  return (await audited('countItems', () => store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM remediation_items i ${sql}`, params)))?.n ?? 0;
}
