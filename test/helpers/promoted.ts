/**
 * What a piece of code leaves for the old generation: the sampling heap profiler, leaving out the
 * objects scavenges collect, counts what survived them or was allocated in the old generation
 * outright. Either waits there for a full collection (README "Detection hot path").
 */
import inspector from 'node:inspector';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))));
}

interface ProfileNode { selfSize: number; children: ProfileNode[] }
const total = (n: ProfileNode): number => n.selfSize + n.children.reduce((sum, c) => sum + total(c), 0);

/** KB that `run` left in the old generation (sampled every 512 bytes). */
export async function oldGenerationKb(run: () => Promise<void>): Promise<number> {
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  gc();
  const session = new inspector.Session();
  session.connect();
  await post(session, 'HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  await run();
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const { profile } = await post<{ profile: { head: ProfileNode } }>(session, 'HeapProfiler.stopSampling');
  session.disconnect();
  return total(profile.head) / 1024;
}
