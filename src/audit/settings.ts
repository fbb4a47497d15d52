/** Options both audit stores share: storage mode and request-batching settings, validated once. */
import { AuditError } from './schema';
import type { StorageMode } from './types';

export const STORAGE_MODES: readonly StorageMode[] = ['full', 'masked', 'hash'];

export interface Settings {
  batchMs: number;
  batchSize: number;
  maxQueued: number;
  onError: (err: AuditError) => void;
}

export interface SettingsInput {
  storageMode?: StorageMode;
  batchMs?: number;
  batchSize?: number;
  maxQueued?: number;
  onError?: (err: AuditError) => void;
}

function defaultOnError(err: AuditError): void {
  process.emitWarning(err.message, { type: 'AuditWarning', code: err.code });
}

export function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new AuditError(`audit store: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

export function storeSettings(opts: SettingsInput): { mode: StorageMode; settings: Settings } {
  const mode = opts.storageMode ?? 'masked';
  if (!STORAGE_MODES.includes(mode)) {
    throw new AuditError(`audit store: storageMode must be one of ${STORAGE_MODES.join(', ')}, got ${String(mode)}`);
  }
  return {
    mode,
    settings: {
      batchMs: positive('batchMs', opts.batchMs, 250),
      batchSize: positive('batchSize', opts.batchSize, 500),
      maxQueued: positive('maxQueued', opts.maxQueued, 100_000),
      onError: opts.onError ?? defaultOnError,
    },
  };
}
