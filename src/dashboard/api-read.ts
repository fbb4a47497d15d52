/**
 * Read routes of the dashboard API (any role): overview, violations (list and detail), remediation
 * queue, complaints, rules. Remediation items are synced and deadlines checked before reads, so the
 * page shows the same state the CLI would.
 */
import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import { complaintQueue, remediationQueue } from '../audit/remediation-queue';
import { reviewsOf } from '../audit/items';
import { overview } from '../audit/overview';
import { listPolicyRevisions } from '../audit/policy-revisions';
import { splitSegments } from '../audit/prompt';
import { markOverdue, syncRemediation } from '../audit/remediation';
import { replaySummary } from '../audit/stats';
import type { AuditStore } from '../audit/store';
import { filterValues, searchViolations, violationDetail } from '../audit/violation-search';
import { coverage } from '../policy/coverage';
import type { RulesHolder } from '../policy/holder';
import type { Finding } from '../types';
import { apiError } from './auth';
import { issuesOf, itemQuery, overviewQuery, violationQuery } from './params';

export interface ReadApiOptions {
  store: AuditStore;
  rules: RulesHolder;
  months: number;
  now: () => number;
}

const DAY_MS = 86_400_000;

/** Parses a query with a schema, or answers 400 naming each bad field. */
export function parsed<T extends z.ZodType>(schema: T, value: unknown, res: Response): z.infer<T> | null {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  apiError(res, 400, 'invalid_request', 'invalid parameters', { issues: issuesOf(r.error) });
  return null;
}

export interface SegmentView {
  path: string;
  text: string;
  /** [start, end, finding index], clamped to the text, sorted. */
  marks: [number, number, number][];
}

/**
 * The stored content split back into its `path: text` segments, with each finding's span on the
 * segment it points at. Spans are UTF-16 offsets of the original text; masking replaces each code
 * point with one `*`, so in masked storage a span only shifts past astral characters (emoji).
 */
export function segmentViews(content: string | null, findings: Finding[]): SegmentView[] {
  if (content === null) return [];
  const segments: SegmentView[] = splitSegments(content).map((s) => ({ path: s.path, text: s.text, marks: [] }));
  findings.forEach((f, i) => {
    const seg = segments[f.segment];
    if (!seg || !f.span) return;
    const start = Math.max(0, Math.min(f.span[0], seg.text.length));
    const end = Math.max(start, Math.min(f.span[1], seg.text.length));
    if (end > start) seg.marks.push([start, end, i]);
  });
  for (const s of segments) s.marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return segments;
}

export function createReadApi(o: ReadApiOptions): express.Router {
  const router = express.Router();
  const sync = async () => {
    await syncRemediation(o.store, { months: o.months });
    await markOverdue(o.store, o.now());
  };

  router.get('/overview', async (req: Request, res: Response) => {
    const q = parsed(overviewQuery, req.query, res);
    if (!q) return;
    await sync();
    const now = o.now();
    const until = q.until ?? now + 1;
    const since = q.since ?? until - (q.days ?? 30) * DAY_MS;
    const rs = o.rules.current().ruleSet;
    res.json({ since, until, now, policy: { mode: rs.policy.mode, revision: rs.revision }, storageMode: o.store.storageMode, ...(await overview(o.store, { since, until }, now)) });
  });

  router.get('/filters', async (_req: Request, res: Response) => {
    res.json(await filterValues(o.store));
  });

  router.get('/violations', async (req: Request, res: Response) => {
    const q = parsed(violationQuery, req.query, res);
    if (!q) return;
    await sync();
    res.json(await searchViolations(o.store, { ...q, pageSize: q.page_size }));
  });

  router.get('/violations/:id', async (req: Request, res: Response) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return apiError(res, 400, 'invalid_request', 'the violation id is a positive integer');
    await sync();
    const d = await violationDetail(o.store, id);
    if (!d) return apiError(res, 404, 'not_found', `no violation #${id}`);
    const v = d.violation;
    res.json({
      violation: { ...v, content: undefined },
      segments: segmentViews(v.content, v.findings),
      prompt: d.promptMessages,
      item: d.item,
      reviews: d.item ? await reviewsOf(o.store, d.item.id) : [],
    });
  });

  router.get('/remediation', async (req: Request, res: Response) => {
    const q = parsed(itemQuery, req.query, res);
    if (!q) return;
    await sync();
    const pageSize = q.page_size ?? 100;
    const page = q.page ?? 1;
    const status = q.status ?? ['open', 'confirmed', 'overdue'];
    const { items, total } = await remediationQueue(o.store, { status, category: q.category, since: q.since, until: q.until }, { limit: pageSize, offset: (page - 1) * pageSize });
    res.json({ items, total, page, pageSize, now: o.now(), months: o.months, replays: await replaySummary(o.store, {}) });
  });

  router.get('/items/:id/reviews', async (req: Request, res: Response) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return apiError(res, 400, 'invalid_request', 'the item id is a positive integer');
    res.json({ reviews: await reviewsOf(o.store, id) });
  });

  router.get('/complaints', async (_req: Request, res: Response) => {
    res.json({ complaints: await complaintQueue(o.store, 500), now: o.now() });
  });

  router.get('/rules', async (_req: Request, res: Response) => {
    const rs = o.rules.current().ruleSet;
    const packs = new Map<string, { file: string; category: string; lang: string; kind: string; entries: number }>();
    for (const k of rs.keywords) {
      const stem = k.id.split(':')[1] ?? k.id;
      const p = packs.get(stem) ?? { file: `${stem}.txt`, category: k.category, lang: k.lang, kind: k.kind ?? 'block', entries: 0 };
      p.entries++;
      packs.set(stem, p);
    }
    res.json({
      revision: rs.revision, loadedAt: rs.loadedAt, mode: rs.policy.mode, keywords: rs.keywords.length, regexRules: rs.regexes.length,
      packs: [...packs.values()].sort((a, b) => a.file.localeCompare(b.file)), coverage: coverage(rs), revisions: (await listPolicyRevisions(o.store)).slice(-20),
    });
  });

  return router;
}
