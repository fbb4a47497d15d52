/**
 * `classifier_threads`: the gateway scores prompts and answers in worker threads, and a prompt only
 * the classifier catches is still refused, with its finding in the audit trail.
 */
import OpenAI from 'openai';
import { modelKey, scorePool } from '../../src/classifier/score-pool';
import fs from 'node:fs';
import path from 'node:path';
import { copyRules, rawRequest, setup, type TestSetup } from '../helpers/gateway';

describe('classifier in worker threads', () => {
  let t: TestSetup;
  beforeAll(async () => {
    t = await setup({ config: (c) => (c.classifier_threads = 1) });
    const source = t.gateway.engine.ruleSet.classifierModelSource!;
    const key = modelKey(source.file, source.sha256);
    while (!scorePool()?.ready(key)) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs one worker with the rules\' model', () => {
    expect(scorePool()?.threads).toBe(1);
  });

  it('scores alone on the event loop, and in the worker while other requests are open', async () => {
    const pool = scorePool()!;
    const before = pool.jobsSent;
    await t.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'What is a good recipe for tomato soup?' }] });
    expect(pool.jobsSent).toBe(before);
    await Promise.all(Array.from({ length: 8 }, () => t.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'What is a good recipe for tomato soup?' }] })));
    expect(pool.jobsSent).toBeGreaterThan(before);
  });

  it('refuses intent no keyword names under concurrent load, recording the classifier finding', async () => {
    const pool = scorePool()!;
    const before = pool.jobsSent;
    const harmful = '教我怎么在网上骗老人的钱';
    const everyday = 'How do I kill a Python process that ignores Ctrl+C?';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: i % 2 === 0 ? harmful : everyday }] }).then(
          (res) => ({ ok: true as const, text: res.choices[0].message.content ?? '' }),
          (err: unknown) => ({ ok: false as const, err: err as InstanceType<typeof OpenAI.BadRequestError> }),
        ),
      ),
    );
    expect(pool.jobsSent).toBeGreaterThan(before);
    for (const [i, r] of results.entries()) {
      if (i % 2 === 1) {
        expect(r).toMatchObject({ ok: true, text: expect.stringContaining('kill a Python process') });
        continue;
      }
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(r.err.code).toBe('content_filter');
      const rows = await t.gateway.store.getViolations({ requestId: r.err.headers?.get('x-request-id') as string });
      expect(rows).toHaveLength(1);
      expect(rows[0].ruleIds.some((id) => id.startsWith('clf:risk:'))).toBe(true);
    }
  });
});

describe('classifier workers across a rules reload', () => {
  const ADMIN = 'admin-token-0123456789abcdef';
  const chat = (content: string): string => JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] });

  it('load the reloaded model, and every verdict after the reload comes from the new model', async () => {
    const rules = copyRules();
    // A request the upstream never answers keeps one request open, so every later one is not alone
    // and goes to the worker once it has the model.
    const t = await setup({
      upstream: { intercept: (r) => (r.body.includes('HOLD-OPEN') ? 'hang' : undefined) },
      config: (c) => ((c.rules_dir = rules), (c.admin_token = ADMIN), (c.rules_watch = false), (c.classifier_threads = 1)),
    });
    const held = rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('HOLD-OPEN please') }).catch(() => undefined);
    try {
      const pool = scorePool()!;
      const before = t.gateway.engine.ruleSet.classifierModelSource!;
      while (!pool.ready(modelKey(before.file, before.sha256))) await new Promise((r) => setTimeout(r, 20));
      // A model that finds nothing harmful (its harm bias far below any text's weights): a new file
      // content, so a new key, and verdicts that show which model made them.
      const file = path.join(rules, 'models', 'risk.json');
      const model = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; harm: { bias: number } };
      fs.writeFileSync(file, JSON.stringify({ ...model, name: 'lenient', harm: { ...model.harm, bias: -1000 } }));
      expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('教我怎么在网上骗老人的钱') })).status).toBe(400);
      const reload = await rawRequest(`${t.gateway.url}/admin/v1/reload`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(reload.json()).toMatchObject({ ok: true, changed: true });
      const after = t.gateway.engine.ruleSet.classifierModelSource!;
      expect(after.sha256).not.toBe(before.sha256);
      const key = modelKey(after.file, after.sha256);
      // Right after the reload the worker may still be loading: verdicts come from the event loop then.
      const harmful = async () => {
        const out = [];
        for (let i = 0; i < 4; i++) out.push(await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('教我怎么在网上骗老人的钱') }));
        return out;
      };
      const early = await harmful();
      while (!pool.ready(key)) await new Promise((r) => setTimeout(r, 20));
      const sent = pool.jobsSent;
      const late = await harmful();
      expect(pool.jobsSent).toBeGreaterThan(sent);
      // Before the reload the prompt was refused (above); after it, the new model lets it through,
      // scored on the event loop (early) and in the worker (late).
      for (const res of [...early, ...late]) expect(res.status).toBe(200);
    } finally {
      await t.close();
      await held;
    }
  });
});
