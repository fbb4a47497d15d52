/**
 * For suites that run against PostgreSQL: a fresh database per call on the cluster of
 * global-setup.ts (or COMPLIANCE_TEST_PG_URL), and the store list that parametrized suites iterate.
 */
import { Client } from 'pg';

let counter = 0;

/** Why PostgreSQL suites cannot run here, or null when they can. */
export function pgUnavailable(): string | null {
  if (process.env.COMPLIANCE_TEST_PG_URL) return null;
  return process.env.COMPLIANCE_TEST_PG_ERROR ?? 'no PostgreSQL for tests (the jest globalSetup did not run; set COMPLIANCE_TEST_PG_URL)';
}

/**
 * The store kinds a parametrized suite runs against. Without PostgreSQL, CI fails loudly (a suite
 * that silently covers one store would claim what it did not test); a developer box skips it.
 */
export function storeKinds(): ('sqlite' | 'postgres')[] {
  const why = pgUnavailable();
  if (why === null) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') throw new Error(`PostgreSQL suites cannot run: ${why}`);
  process.emitWarning(`skipping PostgreSQL audit suites: ${why}`);
  return ['sqlite'];
}

/** Creates an empty database and returns its URL. */
export async function freshPgDatabase(label = 'cg'): Promise<string> {
  const base = process.env.COMPLIANCE_TEST_PG_URL;
  if (!base) throw new Error(`PostgreSQL unavailable: ${pgUnavailable()}`);
  const name = `${label}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
