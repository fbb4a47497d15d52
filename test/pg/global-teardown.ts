/** Stops and removes the throwaway cluster that global-setup.ts started (not a server given by URL). */
import { stopCluster, type ClusterInfo } from '../../bench/lib/pg-cluster';

export default function globalTeardown(): void {
  const raw = process.env.COMPLIANCE_TEST_PG_CLUSTER;
  if (raw) stopCluster(JSON.parse(raw) as ClusterInfo);
}
