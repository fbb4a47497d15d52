/**
 * Shapes of the audit store's inputs and rows, shared by the store, its codecs (schema.ts) and the
 * workflow modules (remediation, reports, retention). No SQLite here.
 */
import type { Action, Finding, Stage } from '../types';
import type { AuditError } from './schema';

export type StorageMode = 'full' | 'masked' | 'hash';
export const STORAGE_MODES: readonly StorageMode[] = ['full', 'masked', 'hash'];

export interface ViolationInput {
  requestId: string;
  /** epoch ms */
  ts: number;
  route: string;
  model: string | null;
  stage: Stage;
  /** What the policy decided. */
  action: Action;
  /** What was applied (differs in shadow mode). */
  enforced: Action;
  shadow: boolean;
  streamed: boolean;
  policyRevision: string;
  clientKeyFp: string | null;
  tenant: string | null;
  endUser: string | null;
  /** Categories and rule ids are derived from these. Excerpts are already masked by the detectors. */
  findings: Finding[];
  /** The offending text (joined segments), raw. Stored only in `full` mode; hashed in every mode. */
  content: string | null;
  /** The same text with the finding spans masked; stored in `masked` mode. */
  maskedContent: string | null;
  reasons: string[];
  /** 'traffic' unless given; user reports (complaints) arrive later with 'user_report'. */
  source?: string;
}

export interface RequestMetaInput {
  requestId: string;
  ts: number;
  route: string;
  method: string;
  model: string | null;
  status: number;
  action: Action;
  durationMs: number;
  streamed: boolean;
  clientKeyFp: string | null;
  tenant: string | null;
  upstreamStatus: number | null;
}

export interface ViolationRow extends Omit<ViolationInput, 'content' | 'maskedContent' | 'source'> {
  id: number;
  categories: string[];
  ruleIds: string[];
  storageMode: StorageMode;
  /** Raw text (full), masked text (masked) or null (hash). */
  content: string | null;
  contentSha256: string | null;
  source: string;
  prevHash: string;
  rowHash: string;
}

export interface RequestMetaRow extends RequestMetaInput {
  id: number;
}

export interface AuditStoreOptions {
  file: string;
  storageMode?: StorageMode;
  /** Longest a request row waits in memory (default 250). */
  batchMs?: number;
  /** Queue length that triggers a flush on the next tick (default 500). */
  batchSize?: number;
  /** Queue bound while the database is failing; the oldest rows are dropped and counted (default 100k). */
  maxQueued?: number;
  /** How long a write waits for another connection's lock before failing (default 2000). */
  busyTimeoutMs?: number;
  migrationsDir?: string;
  /** For readers (report, dashboard, verify): no migrations, every write fails with AuditError. */
  readonly?: boolean;
  /** Batched-write failures; never row content. Default: process.emitWarning. */
  onError?: (err: AuditError) => void;
}

export interface AuditStoreStats {
  queued: number;
  /** Request rows lost: queue overflow, or still queued when close() could not flush them. */
  dropped: number;
  /** Request rows the database refused (constraint / bind errors); skipped so they cannot block the queue. */
  rejected: number;
  flushFailures: number;
}
