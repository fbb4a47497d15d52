/** Shared by the compliance commands: config + store opening, date and status parsing, failures. */
import { ConfigError, loadConfig, type Config } from '../config';
import { openAuditStore, type AuditStore } from '../audit/store';
import { isItemStatus, WorkflowError, type ItemStatus } from '../audit/status';

export interface CommonFlags {
  config?: string;
  db?: string;
  rules?: string;
}

/** Prints the problem and exits 2 (usage / environment errors); 1 is kept for "found a problem". */
export function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

export function configFrom(flags: CommonFlags): Config {
  try {
    return loadConfig({ flags: { config: flags.config, db: flags.db, rules: flags.rules } });
  } catch (err) {
    if (err instanceof ConfigError) die(err.message);
    throw err;
  }
}

/** Either store: a postgres:// URL or a SQLite file. */
export function openAnyStore(config: Config): Promise<AuditStore> {
  return openAuditStore({ file: config.audit.db, storageMode: config.audit.storage_mode, onError: () => undefined });
}

/** "2026-01-31", "2026-01-31T12:00:00Z" or epoch ms → epoch ms (dates are UTC midnight). */
export function parseTime(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) die(`${flag} "${value}" is not a date. Fix: use YYYY-MM-DD (UTC) or an ISO time, e.g. ${flag} 2026-01-31`);
  return ms;
}

export function parseStatuses(value: string | undefined, flag = '--status'): ItemStatus[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((s) => !isItemStatus(s));
  if (bad.length > 0) die(`${flag}: unknown status ${bad.join(', ')}. Fix: use open, confirmed, false_positive, remediated or overdue (comma-separated)`);
  return list as ItemStatus[];
}

/** Runs a command body; WorkflowError and other failures print their message and exit 2. */
export async function guarded(fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof WorkflowError) die(err.message);
    die(`failed: ${(err as Error).message}`);
  }
}
