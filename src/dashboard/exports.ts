/**
 * GET /exports/:format — the remediation report writers of `compliance-gateway report`, streamed
 * straight into the response (sft, preference, csv, json, html) with the same item filter. The
 * download is an attachment, so a browser never renders it in the dashboard's origin.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { WorkflowError } from '../audit/status';
import type { AuditStore } from '../audit/store';
import { REPORT_FORMATS, runReport, type ReportFormat } from '../compliance/report/run';
import { streamSink } from '../compliance/report/sink';
import type { RulesHolder } from '../policy/holder';
import { apiError } from './auth';
import { parsed } from './api-read';
import { itemQuery } from './params';

const TYPES: Record<ReportFormat, { type: string; ext: string }> = {
  sft: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl' },
  preference: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
  html: { type: 'text/html; charset=utf-8', ext: 'html' },
};

export interface ExportApiOptions {
  store: AuditStore;
  rules: RulesHolder;
  months: number;
  now: () => number;
}

export function createExportApi(o: ExportApiOptions): express.Router {
  const router = express.Router();
  router.get('/exports/:format', (req: Request, res: Response, next: NextFunction) => {
    const format = String(req.params.format);
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      return apiError(res, 404, 'not_found', `unknown export format "${format}"; use one of ${REPORT_FORMATS.join(', ')}`);
    }
    const q = parsed(itemQuery, req.query, res);
    if (!q) return;
    const f = format as ReportFormat;
    const now = o.now();
    const name = `compliance-${f}-${new Date(now).toISOString().slice(0, 10)}.${TYPES[f].ext}`;
    // Headers are set before the first byte and only sent with it: a refused export still answers JSON.
    const sink = streamSink(() => {
      res.status(200).setHeader('content-type', TYPES[f].type);
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      return res;
    }, true);
    runReport({ store: o.store, format: f, filter: { status: q.status, category: q.category, since: q.since, until: q.until }, sink, refusal: o.rules.current().ruleSet.policy.refusal, months: o.months, now })
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        if (err instanceof WorkflowError) return apiError(res, 409, 'conflict', err.message);
        next(err);
      });
  });
  return router;
}
