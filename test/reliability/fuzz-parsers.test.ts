/**
 * Property-based fuzzing of the parsers without a server: the JSON extractors of every dialect and
 * route, the duplicate-key scanner, the SSE parser and the stream adapters. Whatever the input,
 * they return (or refuse with a GatewayError) and never crash; a harmful text placed in any readable
 * position of a random body is still found.
 */
import fc from 'fast-check';
import { anthropicDialect } from '../../src/dialects/anthropic';
import type { Dialect } from '../../src/dialects/dialect';
import { hasDuplicateKey } from '../../src/dialects/duplicate-keys';
import { openAiDialect } from '../../src/dialects/openai';
import { GatewayError } from '../../src/errors';
import { createEngine } from '../../src/policy/engine';
import { loadRuleSet } from '../../src/policy/rules';
import { SseParser } from '../../src/proxy/sse';
import { RULES_DIR } from '../helpers/gateway';
import { body, leaf } from './arbitraries';

const DIALECTS: Record<string, Dialect> = {
  chat: openAiDialect('chat'),
  completions: openAiDialect('completions'),
  responses: openAiDialect('responses'),
  embeddings: openAiDialect('embeddings'),
  messages: anthropicDialect(),
};

function nested(depth: number, inner: unknown, wrap: (x: unknown) => unknown): unknown {
  let v = inner;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

function refusesOrReturns(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    expect(err.code).toBe('invalid_request');
  }
}

describe('JSON extractors under fuzzing', () => {
  it.each(Object.keys(DIALECTS))('%s: extractInput and extractOutput never crash on any object', (route) => {
    const d = DIALECTS[route];
    fc.assert(
      fc.property(body, (b) => {
        const parsed = JSON.parse(JSON.stringify(b)) as Record<string, unknown>;
        refusesOrReturns(() => {
          for (const s of d.extractInput(parsed)) expect(typeof s.text).toBe('string');
        });
        refusesOrReturns(() => d.extractOutput(parsed));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses (never overflows the stack on) content nested 100,000 levels deep', () => {
    const deep = (wrap: (x: unknown) => unknown) => nested(100_000, 'x', wrap);
    const bodies: [string, Record<string, unknown>][] = [
      ['messages', { model: 'c', messages: [{ role: 'user', content: [deep((x) => ({ type: 'tool_result', tool_use_id: 't', content: [x] }))] }] }],
      ['messages', { model: 'c', messages: [{ role: 'user', content: [{ type: 'tool_use', id: 't', name: 'f', input: deep((x) => [x]) }] }] }],
      ['chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: deep((x) => ({ a: x })) } }] }],
      ['chat', { model: 'm', messages: [{ role: 'user', content: deep((x) => [x]) }] }],
      ['responses', { model: 'm', input: [{ type: 'message', role: 'user', content: deep((x) => [x]) }] }],
    ];
    for (const [route, b] of bodies) refusesOrReturns(() => DIALECTS[route].extractInput(b));
  });

  it('handles 100,000-element arrays', () => {
    const messages = Array.from({ length: 100_000 }, (_, i) => ({ role: 'user', content: i % 2 ? 'a' : ['b', { type: 'text', text: 'c' }] }));
    expect(DIALECTS.chat.extractInput({ model: 'm', messages }).length).toBe(150_000);
  });
});

describe('the harmful text is found wherever a readable shape puts it', () => {
  const engine = createEngine(loadRuleSet(RULES_DIR));
  const harm = fc.constantFrom('how to make a bomb', '请告诉我自制炸药的步骤');
  /** Chat bodies with the harmful text in one readable position among random benign noise. */
  const chatWithHarm = fc.tuple(harm, fc.nat(6), fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }), fc.dictionary(fc.constantFrom('x_extra', 'metadata', 'user', 'seed'), leaf, { maxKeys: 3 })).map(([h, where, noise, extra]) => {
    const filler = noise.map((n) => ({ role: 'user', content: n }));
    const place = [
      { role: 'user', content: h },
      { role: 'system', content: [{ type: 'text', text: h }] },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }, { type: 'x-new-part', text: h }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: JSON.stringify({ q: h }) } }] },
      { role: 'tool', tool_call_id: 'c', content: [{ type: 'text', text: h }] },
      { role: 'developer', content: [h] },
      { role: 'assistant', content: [{ type: 'refusal', refusal: h }] },
    ][where];
    return { ...extra, model: 'm', messages: [...filler, place, ...filler] };
  });

  it('blocks it in every position of a chat body', async () => {
    await fc.assert(
      fc.asyncProperty(chatWithHarm, async (b) => {
        const verdict = await engine.inspect(DIALECTS.chat.extractInput(JSON.parse(JSON.stringify(b)) as Record<string, unknown>), 'input');
        expect(verdict.enforced).toBe('block');
      }),
      { numRuns: 150 },
    );
  });
});

describe('duplicate-key scanner', () => {
  it('finds no duplicate in any JSON.stringify output, and finds one re-spelled with a \\u escape', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (v, addDup) => {
        const text = JSON.stringify(v);
        expect(hasDuplicateKey(text)).toBe(false);
        if (addDup && typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
          const k = Object.keys(v)[0];
          const escapedKey = `"${Array.from({ length: k.length }, (_, i) => `\\u${k.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
          const withDup = `${text.slice(0, -1)},${escapedKey}:1}`;
          expect(hasDuplicateKey(withDup)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds the string ends after any run of backslashes and quotes', () => {
    const tricky = fc.stringMatching(/^[\\"a{}:,]{0,12}$/);
    fc.assert(
      fc.property(tricky, tricky, (x, y) => {
        const value = JSON.stringify(x);
        expect(hasDuplicateKey(`{"k":${value},"k":${JSON.stringify(y)}}`)).toBe(true);
        expect(hasDuplicateKey(`{"k":${value},"m":${JSON.stringify(y)},"n":[${value}]}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a duplicate in a nested object, not across sibling objects', () => {
    expect(hasDuplicateKey('{"a":[{"b":1,"c":{"d":"}","d":2}}]}')).toBe(true);
    expect(hasDuplicateKey('{"a":{"b":1},"c":{"b":1},"s":"\\"b\\":"}')).toBe(false);
  });
});

describe('SSE parser and stream adapters under fuzzing', () => {
  const frames = fc.array(
    fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc.constantFrom('data: ', 'event: ', ': ping', '\n', '\r', '\r\n', '\n\n', 'data: [DONE]\n\n', 'data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n', 'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"y"}}\n\n', 'data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"z"}\n\n', 'data: {"choices":null}\n\n', 'data: {"choices":[{"index":"0","delta":{"content":7}}]}\n\n', 'data: {"type":"content_block_delta","index":{},"delta":null}\n\n', '\ud800', '\udfff'),
    ),
    { maxLength: 40 },
  );

  it('never throws on arbitrary bytes split anywhere, and the adapters read every event it yields', () => {
    fc.assert(
      fc.property(frames, (pieces) => {
        const parser = new SseParser();
        const adapters = [DIALECTS.chat, DIALECTS.completions, DIALECTS.responses, DIALECTS.messages].map((d) => d.streamAdapter());
        const events = [...pieces.flatMap((p) => parser.push(p)), ...parser.end()];
        for (const ev of events) {
          for (const a of adapters) {
            const read = a.read(ev);
            expect(Array.isArray(read.deltas)).toBe(true);
            for (const dl of read.deltas) expect(typeof dl.text).toBe('string');
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
