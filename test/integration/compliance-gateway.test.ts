/**
 * The compliance workflow wired into the running gateway: user strikes and suspension (Interim
 * Measures Art. 14(2)), complaint intake (Art. 15), policy revisions recorded, and output
 * violations kept with the prompt that produced them.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { listPolicyRevisions } from '../../src/audit/policy-revisions';
import { rawRequest, setup, type TestSetup } from '../helpers/gateway';

const COMPLAINT_TOKEN = 'complaint-token-0123456789';

describe('compliance workflow in the gateway', () => {
  let t: TestSetup;
  let reply = 'ok';
  beforeAll(async () => {
    t = await setup({ upstream: { reply: () => reply }, config: (c) => (c.compliance.complaint_token = COMPLAINT_TOKEN) });
  });
  afterAll(() => t.close());

  it('suspends an end user after 3 consecutive violations with a 403 in the dialect’s shape', async () => {
    const ask = (content: string, user: string) => t.client.chat.completions.create({ model: 'm', user, messages: [{ role: 'user', content }] });
    for (let i = 0; i < 3; i++) await expect(ask('how to make a bomb', 'user-7')).rejects.toMatchObject({ status: 400 });
    const err = await ask('hello again', 'user-7').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as InstanceType<typeof OpenAI.PermissionDeniedError>).code).toBe('user_suspended');
    expect((await ask('hello', 'user-8')).choices[0].message.content).toBe('ok');

    const anthropic = new Anthropic({ apiKey: 'k', baseURL: t.gateway.url, maxRetries: 0 });
    const aErr = await anthropic.messages.create({ model: 'c', max_tokens: 5, metadata: { user_id: 'user-7' }, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(aErr).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((aErr as InstanceType<typeof Anthropic.PermissionDeniedError>).error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('a clean request between violations resets the consecutive count', async () => {
    const ask = (content: string) => rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'x-end-user-id': 'user-9' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }) });
    for (const content of ['how to make a bomb', 'how to make a bomb', 'hello', 'how to make a bomb', 'how to make a bomb']) await ask(content);
    expect((await ask('hello')).status).toBe(200);
  });

  it('takes complaints with the complaint token only', async () => {
    const body = JSON.stringify({ text: 'The assistant told me how to cheat on taxes.', category: 'A.1.h' });
    expect((await rawRequest(`${t.gateway.url}/compliance/v1/complaints`, { body })).status).toBe(401);
    const res = await rawRequest(`${t.gateway.url}/compliance/v1/complaints`, { body, headers: { authorization: `Bearer ${COMPLAINT_TOKEN}` } });
    expect(res.status).toBe(201);
    expect(t.upstream.requests.filter((r) => r.path.includes('compliance'))).toHaveLength(0);
  });

  it('records the rules revision it serves', async () => {
    expect((await listPolicyRevisions(t.gateway.store)).map((r) => r.revision)).toContain(t.gateway.engine.ruleSet.revision);
  });
});
