/**
 * SeriesHistogram must expose exactly what prom-client's Histogram exposes for the same
 * observations: the same text on /metrics, the same JSON to an aggregating registry.
 */
import fc from 'fast-check';
import client from 'prom-client';
import { SeriesHistogram } from '../../src/series-histogram';

const BUCKETS = [0.0001, 0.001, 0.01, 0.1, 1, 10];
const LABEL_NAMES = ['detector', 'stage', 'outcome'] as const;
type Name = (typeof LABEL_NAMES)[number];

const observation = fc.record({
  detector: fc.constantFrom('keyword', 'regex', 'classifier', 'a"b\\c\nd'),
  // A number and its decimal string are one label value.
  stage: fc.constantFrom<string | number>('input', 'output', 200, '200'),
  outcome: fc.option(fc.constantFrom('ok', 'error'), { nil: undefined }),
  value: fc.oneof(fc.double({ min: 0, max: 20, noNaN: true }), fc.constantFrom(...BUCKETS)),
  viaLabels: fc.boolean(),
});

function pair(): { theirs: client.Registry; ours: client.Registry; reference: client.Histogram<Name>; histogram: SeriesHistogram<Name> } {
  const theirs = new client.Registry();
  const ours = new client.Registry();
  const config = { name: 'cg_test_seconds', help: 'test', labelNames: [...LABEL_NAMES], buckets: BUCKETS };
  return { theirs, ours, reference: new client.Histogram({ ...config, registers: [theirs] }), histogram: new SeriesHistogram({ ...config, registers: [ours] }) };
}

describe('SeriesHistogram', () => {
  it('exposes the same text and JSON as prom-client for any observations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { maxLength: 60 }), async (observations) => {
        const { theirs, ours, reference, histogram } = pair();
        for (const o of observations) {
          const labels: Partial<Record<Name, string | number>> = { detector: o.detector, stage: o.stage };
          if (o.outcome !== undefined) labels.outcome = o.outcome;
          reference.observe(labels, o.value);
          if (o.viaLabels) histogram.labels(o.detector, o.stage, o.outcome).observe(o.value);
          else histogram.observe(labels, o.value);
        }
        expect(await ours.metrics()).toBe(await theirs.metrics());
        expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('times with startTimer, resets, and refuses what prom-client refuses', async () => {
    const { ours, histogram } = pair();
    const end = histogram.startTimer({ detector: 'keyword' });
    const seconds = end({ stage: 'input', outcome: 'ok' });
    expect(seconds).toBeGreaterThan(0);
    const text = await ours.metrics();
    expect(text).toContain('cg_test_seconds_count{detector="keyword",stage="input",outcome="ok"} 1');
    expect(text).toContain(`cg_test_seconds_sum{detector="keyword",stage="input",outcome="ok"} ${seconds}`);
    ours.resetMetrics();
    expect(await ours.metrics()).not.toContain('cg_test_seconds_count');
    expect(() => histogram.observe({ detector: 'keyword' }, NaN)).toThrow(TypeError);
    expect(() => histogram.observe({ route: 'x' } as never, 1)).toThrow(/not included/);
    expect(() => new SeriesHistogram({ name: 'x', help: 'x', labelNames: ['le'], buckets: [1], registers: [] })).toThrow(/reserved/);
    expect(() => new SeriesHistogram({ name: 'y', help: 'y', labelNames: [], buckets: [1, 1], registers: [] })).toThrow(/ascend/);
  });
});
