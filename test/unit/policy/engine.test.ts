/** The engine's runner owns detector failure: a throw or an overrun becomes a Verdict error. */
import { createEngine } from '../../../src/policy/engine';
import { loadRuleSet } from '../../../src/policy/rules';
import type { Detector } from '../../../src/types';
import { RULES_DIR } from '../../helpers/gateway';

const ruleSet = loadRuleSet(RULES_DIR);
const segments = [{ path: 'text', role: 'user', text: 'hello there' }];

function engineWith(detector: Detector, onDetectorError: 'fail_open' | 'fail_closed') {
  const base = createEngine(ruleSet, { extra: [detector] });
  return base.withPolicy({ ...base.ruleSet.policy, detectorTimeoutMs: 30, onDetectorError }, 'test');
}

describe('engine runner', () => {
  it('turns a synchronous throw into an error that fails closed', async () => {
    const boom: Detector = { id: 'boom', stages: ['input'], detect: () => { throw new Error('model file missing'); } };
    const v = await engineWith(boom, 'fail_closed').inspect(segments, 'input');
    expect(v.errors).toEqual([expect.objectContaining({ detector: 'boom', message: 'model file missing' })]);
    expect(v.action).toBe('block');
  });

  it('times out an asynchronous detector, aborts it, and fails open when told to', async () => {
    let aborted = false;
    const slow: Detector = {
      id: 'slow',
      stages: ['input'],
      async: true,
      detect: (_s, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => (aborted = true));
          setTimeout(() => resolve([]), 500).unref();
        }),
    };
    const v = await engineWith(slow, 'fail_open').inspect(segments, 'input');
    expect(v.errors).toEqual([expect.objectContaining({ detector: 'slow', message: 'timed out after 30 ms' })]);
    expect(v.action).toBe('flag');
    expect(aborted).toBe(true);
  });

  it('takes a synchronous detector’s findings without a timer', async () => {
    const sync: Detector = { id: 'sync', stages: ['input'], detect: () => [{ detector: 'sync', ruleId: 'sync:1', category: 'A.1.h', severity: 'high', score: 1, segment: 0, excerpt: 'x' }] };
    const v = await engineWith(sync, 'fail_closed').inspect(segments, 'input');
    expect(v.errors).toEqual([]);
    expect(v.findings.map((f) => f.ruleId)).toContain('sync:1');
  });

  it('observes each run: its detector, stage, a duration and whether it returned, sync or async', async () => {
    const seen: Array<[string, string, boolean]> = [];
    const durations: number[] = [];
    const detectors: Detector[] = [
      { id: 'sync-ok', stages: ['output'], detect: () => [] },
      { id: 'sync-throw', stages: ['output'], detect: () => { throw new Error('broken'); } },
      { id: 'async-ok', stages: ['output'], detect: () => Promise.resolve([]) },
      { id: 'async-reject', stages: ['output'], detect: () => Promise.reject(new Error('down')) },
    ];
    const engine = createEngine(ruleSet, {
      extra: detectors,
      observe: (detector, stage, seconds, ok) => {
        if (!detector.startsWith('sync') && !detector.startsWith('async')) return;
        seen.push([detector, stage, ok]);
        durations.push(seconds);
      },
    });
    const v = await engine.inspect(segments, 'output');
    expect(v.errors.map((e) => e.detector).sort()).toEqual(['async-reject', 'sync-throw']);
    expect(seen.sort()).toEqual([['async-ok', 'output', true], ['async-reject', 'output', false], ['sync-ok', 'output', true], ['sync-throw', 'output', false]]);
    for (const s of durations) expect(s).toBeGreaterThanOrEqual(0);
  });
});
