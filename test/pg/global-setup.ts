/**
 * Jest globalSetup: a throwaway PostgreSQL cluster (bench/lib/pg-cluster.ts) for the suites that run
 * against the PostgreSQL audit store; global-teardown.ts stops it. COMPLIANCE_TEST_PG_URL points
 * the suites at an existing server instead. When no cluster can start, the suites learn why through
 * COMPLIANCE_TEST_PG_ERROR and fail under CI=true (skip otherwise), never pass silently.
 */
import { startCluster } from '../../bench/lib/pg-cluster';

export default async function globalSetup(): Promise<void> {
  if (process.env.COMPLIANCE_TEST_PG_URL) return;
  const started = await startCluster();
  if (!started.ok) {
    process.env.COMPLIANCE_TEST_PG_ERROR = started.error;
    return;
  }
  process.env.COMPLIANCE_TEST_PG_URL = started.url;
  process.env.COMPLIANCE_TEST_PG_CLUSTER = JSON.stringify(started.info);
}
