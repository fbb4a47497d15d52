/**
 * `compliance-gateway replay`: re-sends the prompts of remediation items to the (retrained) model,
 * checks each answer with the same policy at the output stage, records the result per item, and marks
 * an item remediated when the model no longer generates violating content. Needs stored prompts
 * (full or masked storage). The input-stage check is deliberately not applied: the point is what the
 * model says when asked, not whether the gateway would have stopped the question.
 */
import { exampleForItem, itemIds } from '../audit/examples';
import { recordReplayResult } from '../audit/items';
import { markOverdue, syncRemediation } from '../audit/remediation';
import type { ItemStatus } from '../audit/status';
import type { AuditStore } from '../audit/store';
import type { Engine } from '../policy/engine';
import { looksLikeRefusal } from './refusal';
import { callChat } from './upstream-client';

export interface ReplayOptions {
  store: AuditStore;
  engine: Engine;
  upstream: string;
  statuses: ItemStatus[];
  /** Model to ask; default: the model recorded with the item's violation. */
  model?: string;
  apiKey?: string;
  months: number;
  concurrency?: number;
  category?: string;
  now?: () => number;
}

export interface CategoryReplay {
  category: string;
  replayed: number;
  stillViolating: number;
  remediated: number;
  /** stillViolating / replayed: how often the model regenerates the violation. */
  regenerationRate: number;
}

export interface ReplaySummary {
  categories: CategoryReplay[];
  /** Items without a stored prompt (hash storage, output rows without their prompt). */
  skippedNoPrompt: number;
  failed: { itemId: number; error: string }[];
}

export async function runReplay(o: ReplayOptions): Promise<ReplaySummary> {
  const now = o.now ?? Date.now;
  await syncRemediation(o.store, { months: o.months });
  await markOverdue(o.store, now());
  const ids = await itemIds(o.store, { status: o.statuses, category: o.category });
  const per = new Map<string, CategoryReplay>();
  const summary: ReplaySummary = { categories: [], skippedNoPrompt: 0, failed: [] };
  const refusals = Object.values(o.engine.ruleSet.policy.refusal.text);

  const one = async (itemId: number): Promise<void> => {
    const ex = await exampleForItem(o.store, itemId);
    if (!ex || !ex.prompt || ex.prompt.length === 0) {
      summary.skippedNoPrompt++;
      return;
    }
    const messages = ex.prompt.filter((m, i, all) => i < all.length - 1 || m.role !== 'assistant');
    const model = o.model ?? ex.model ?? 'default';
    const result = await callChat({ upstream: o.upstream, model, messages, apiKey: o.apiKey });
    if (!result.ok) {
      summary.failed.push({ itemId, error: result.error });
      return;
    }
    if ('promptBlocked' in result) {
      // A gateway in front of the model refused the question: that says nothing about the model.
      summary.failed.push({ itemId, error: 'the upstream blocked the prompt (content_filter): point --upstream at the model, not at a gateway' });
      return;
    }
    const verdict = result.segments.length > 0 ? await o.engine.inspect(result.segments, 'output') : null;
    // An upstream that is itself a gateway answers a violating output with finish_reason content_filter.
    const stillViolates = verdict?.action === 'block' || result.contentFilter;
    const refused = looksLikeRefusal(result.text, refusals);
    const status = await recordReplayResult(o.store, {
      itemId, upstream: o.upstream, model, stillViolates, refused, policyRevision: o.engine.ruleSet.revision,
      categories: [...new Set((verdict?.findings ?? []).map((f) => f.category))].sort(), output: result.text, now: now(),
    });
    const c = per.get(ex.item.category) ?? { category: ex.item.category, replayed: 0, stillViolating: 0, remediated: 0, regenerationRate: 0 };
    c.replayed++;
    if (stillViolates) c.stillViolating++;
    if (status === 'remediated') c.remediated++;
    per.set(ex.item.category, c);
  };

  // A small fixed pool: enough to overlap network latency, gentle on a rate-limited model API.
  let next = 0;
  const worker = async () => {
    while (next < ids.length) await one(ids[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));
  summary.categories = [...per.values()]
    .map((c) => ({ ...c, regenerationRate: c.replayed === 0 ? 0 : c.stillViolating / c.replayed }))
    .sort((a, b) => a.category.localeCompare(b.category));
  return summary;
}
