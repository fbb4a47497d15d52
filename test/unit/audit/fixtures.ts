/** Audit-workflow test fixtures: a real store on a temp file, and violation inputs with defaults. */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { AuditStore } from '../../../src/audit/store';
import type { StorageMode, ViolationInput } from '../../../src/audit/store';
import type { Finding } from '../../../src/types';

export const MIGRATIONS = path.resolve(__dirname, '../../../audit/migrations');
/** 2026-01-31T10:00:00Z */
export const JAN_31 = Date.UTC(2026, 0, 31, 10);

export interface TempStore {
  store: AuditStore;
  file: string;
  dir: string;
  cleanup(): Promise<void>;
}

export function tempStore(mode: StorageMode = 'full'): TempStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-audit-'));
  const file = path.join(dir, 'audit.db');
  const store = AuditStore.open({ file, storageMode: mode, migrationsDir: MIGRATIONS, onError: () => undefined });
  return {
    store, file, dir,
    async cleanup() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return { detector: 'keyword', ruleId: 'kw:A.1.f:1', category: 'A.1.f', severity: 'critical', score: 1, segment: 0, span: [21, 25], excerpt: '[自制炸药]', ...overrides };
}

/** An input-stage block of the prompt `text` (content is stored as "path: text" like the gateway does). */
export function inputViolation(text: string, overrides: Partial<ViolationInput> = {}): ViolationInput {
  return {
    requestId: `req-${Math.random().toString(36).slice(2)}`, ts: JAN_31, route: '/v1/chat/completions', model: 'demo-echo',
    stage: 'input', action: 'block', enforced: 'block', shadow: false, streamed: false, policyRevision: 'rev-1',
    clientKeyFp: null, tenant: null, endUser: 'user-1', findings: [finding()],
    content: `messages[0].content: ${text}`, maskedContent: `messages[0].content: ${text.replace(/炸药|explosive/g, '**')}`,
    reasons: ['test'], ...overrides,
  };
}

/** An output-stage block: `output` is what the model said. */
export function outputViolation(output: string, overrides: Partial<ViolationInput> = {}): ViolationInput {
  return inputViolation('', { stage: 'output', content: `choices[0].message.content: ${output}`, maskedContent: `choices[0].message.content: ${output.replace(/炸药|explosive/g, '**')}`, ...overrides });
}
