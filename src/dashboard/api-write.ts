/**
 * Mutating routes of the dashboard API. Every review is a remediation-item transition (or a note)
 * logged in remediation_reviews with the officer's name and the time — the same evidence trail the
 * CLI writes. Bulk reviews report per item; one refused move does not stop the others.
 *   POST /reviews     officer: confirm / false positive / reopen / note, on violations or items
 *   POST /allowlist   admin: a keyword false positive becomes an allow-list entry (hot reload)
 *   POST /rules/try   any role: what the policy would do with a text (nothing is recorded)
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { addItemNote } from '../audit/review-notes';
import { markOverdue, reviewItem, syncRemediation } from '../audit/remediation';
import { WorkflowError, type ItemStatus } from '../audit/status';
import type { AuditStore } from '../audit/store';
import { itemsOfViolations, violationDetail } from '../audit/violation-search';
import type { RulesHolder } from '../policy/holder';
import { addAllowlistEntry } from './allowlist';
import { apiError, principalOf } from './auth';
import { parsed } from './api-read';
import { allowlistBody, reviewBody, tryBody } from './params';

export interface WriteApiOptions {
  store: AuditStore;
  rules: RulesHolder;
  months: number;
  now: () => number;
  requireOfficer: RequestHandler;
  requireAdmin: RequestHandler;
}

type ReviewResult = { item_id: number; ok: true; status: string } | { item_id: number; ok: false; error: string; message: string };

const DEFAULT_CONFIRM_NOTE = 'confirmed in the dashboard';

export function createWriteApi(o: WriteApiOptions): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });
  const sync = async () => {
    await syncRemediation(o.store, { months: o.months });
    await markOverdue(o.store, o.now());
  };

  router.post('/reviews', o.requireOfficer, json, async (req: Request, res: Response) => {
    const body = parsed(reviewBody, req.body, res);
    if (!body) return;
    await sync();
    const officer = principalOf(res).officer;
    const viaViolation = await itemsOfViolations(o.store, body.violation_ids ?? []);
    const noItem = (body.violation_ids ?? []).filter((id) => !viaViolation.has(id));
    const items = [...new Set([...viaViolation.values(), ...(body.item_ids ?? [])])];
    const note = body.note || DEFAULT_CONFIRM_NOTE;
    const results: ReviewResult[] = [];
    for (const itemId of items) {
      try {
        const status = body.decision === 'note'
          ? await addItemNote(o.store, { itemId, reviewer: officer, note, now: o.now() })
          : await reviewItem(o.store, { itemId, to: body.decision as ItemStatus, reviewer: officer, note, now: o.now() });
        results.push({ item_id: itemId, ok: true, status });
      } catch (err) {
        if (!(err instanceof WorkflowError)) throw err;
        results.push({ item_id: itemId, ok: false, error: err.code, message: err.message });
      }
    }
    const failed = results.filter((r) => !r.ok).length;
    res.status(failed === results.length && results.length > 0 ? 409 : 200).json({
      results,
      // Flags and redactions open no remediation item (see README "Compliance workflow"): nothing to review.
      without_item: noItem,
    });
  });

  router.post('/allowlist', o.requireAdmin, json, async (req: Request, res: Response, next: NextFunction) => {
    const body = parsed(allowlistBody, req.body, res);
    if (!body) return;
    await sync();
    const d = await violationDetail(o.store, body.violation_id);
    if (!d) return apiError(res, 404, 'not_found', `no violation #${body.violation_id}`);
    const finding = d.violation.findings[body.finding];
    if (!finding) return apiError(res, 400, 'invalid_request', `violation #${body.violation_id} has no finding ${body.finding}`);
    const officer = principalOf(res).officer;
    addAllowlistEntry(o.rules, { finding, stage: d.violation.stage, phrase: body.phrase, officer, violationId: body.violation_id, now: o.now() })
      .then(async (r) => {
        if (!r.ok) return apiError(res, r.status, r.status === 422 ? 'conflict' : r.status >= 500 ? 'internal_error' : 'invalid_request', r.message, r.problems ? { problems: r.problems } : {});
        let status: string | null = d.item?.status ?? null;
        if (d.item) {
          const note = `allow-listed in ${r.file} (rules ${r.revision})${body.note ? `: ${body.note}` : ''}`;
          try {
            status = d.item.status === 'false_positive'
              ? await addItemNote(o.store, { itemId: d.item.id, reviewer: officer, note, now: o.now() })
              : await reviewItem(o.store, { itemId: d.item.id, to: 'false_positive', reviewer: officer, note, now: o.now() });
          } catch (err) {
            if (!(err instanceof WorkflowError)) throw err;
          }
        }
        res.status(201).json({ file: r.file, revision: r.revision, item_id: d.item?.id ?? null, item_status: status });
      })
      .catch(next);
  });

  router.post('/rules/try', json, (req: Request, res: Response, next: NextFunction) => {
    const body = parsed(tryBody, req.body, res);
    if (!body) return;
    const engine = o.rules.current();
    const segments = [{ path: 'text', text: body.text }];
    engine
      .inspect(segments, body.stage)
      .then((v) => {
        res.json({
          action: v.action, enforced: v.enforced, shadow: v.shadow, reasons: v.reasons, policyRevision: v.policyRevision,
          findings: v.findings.map((f) => ({ ruleId: f.ruleId, category: f.category, severity: f.severity, score: f.score, span: f.span ?? null, excerpt: f.excerpt, via: f.via ?? null })),
          errors: v.errors.map((e) => e.detector),
          redacted: engine.redactSegments(segments, v.findings)[0],
        });
      })
      .catch(next);
  });

  return router;
}
