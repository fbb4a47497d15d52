/**
 * GB 45438 labels: the explicit text label and the implicit AIGC metadata (header and body), on
 * streamed and non-streamed outputs, OpenAI and Anthropic.
 */
import Anthropic from '@anthropic-ai/sdk';
import { copyRules, rawRequest, setup, type TestSetup } from '../helpers/gateway';

function rulesWithLabels(position: 'prefix' | 'suffix'): string {
  return copyRules((policy) =>
    policy
      .replace(/  explicit: \{ enabled: false[^\n]*/, `  explicit: { enabled: true, text: "【AI生成】", position: ${position} }`)
      .replace(/  implicit: \{ enabled: false[^\n]*/, '  implicit: { enabled: true, header: AIGC, label: "1", content_producer: "示例科技 demo-co" }'),
  );
}

describe('AI-content labeling', () => {
  let t: TestSetup;
  beforeAll(async () => {
    t = await setup({ upstream: { chunkChars: 2, reply: () => 'Tomatoes like sun.' }, config: (c) => (c.rules_dir = rulesWithLabels('prefix')) });
  });
  afterAll(() => t.close());

  it('labels a non-streamed answer: text prefix, AIGC header and body metadata', async () => {
    const { data, response } = await t.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0].message.content).toBe('【AI生成】Tomatoes like sun.');
    const header = JSON.parse(response.headers.get('aigc') as string) as Record<string, string>;
    const requestId = response.headers.get('x-request-id');
    expect(header).toEqual({ Label: '1', ContentProducer: '示例科技 demo-co', ProduceID: requestId, ReservedCode1: expect.stringMatching(/^[0-9a-f]{32}$/), ContentPropagator: '', PropagateID: '', ReservedCode2: '' });
    expect((data as unknown as { AIGC: unknown }).AIGC).toEqual(header);
  });

  it('labels a streamed answer: the first delta carries the label, the first chunk the metadata', async () => {
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(JSON.parse(res.headers.aigc as string)).toMatchObject({ Label: '1', ProduceID: res.headers['x-request-id'] });
    const chunks = res.text.split('\n\n').filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.slice(6)) as { AIGC?: unknown; choices: { delta?: { content?: string } }[] });
    expect(chunks[0].AIGC).toMatchObject({ Label: '1' });
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('【AI生成】Tomatoes like sun.');
  });

  it('labels Anthropic messages, streamed and not, with a suffix', async () => {
    const s = await setup({ upstream: { chunkChars: 3, reply: () => 'Water them daily.' }, config: (c) => (c.rules_dir = rulesWithLabels('suffix')) });
    try {
      const client = new Anthropic({ apiKey: 'k', baseURL: s.gateway.url, maxRetries: 0 });
      const { data, response } = await client.messages.create({ model: 'c', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(data.content[0]).toMatchObject({ type: 'text', text: 'Water them daily.【AI生成】' });
      expect(response.headers.get('aigc')).toContain('"Label":"1"');
      const final = await client.messages.stream({ model: 'c', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
      expect(final.content[0]).toMatchObject({ type: 'text', text: 'Water them daily.【AI生成】' });
    } finally {
      await s.close();
    }
  });

  it('adds nothing when labeling is off (the default policy)', async () => {
    const s = await setup({ upstream: { reply: () => 'plain' } });
    try {
      const { data, response } = await s.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(data.choices[0].message.content).toBe('plain');
      expect(response.headers.get('aigc')).toBeNull();
    } finally {
      await s.close();
    }
  });
});
