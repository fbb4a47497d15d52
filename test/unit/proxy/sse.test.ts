import fc from 'fast-check';
import { formatSse, SseParser, type SseEvent } from '../../../src/proxy/sse';

function parseAll(pieces: (string | Buffer)[]): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const piece of pieces) out.push(...p.push(piece));
  out.push(...p.end());
  return out;
}

describe('SseParser', () => {
  it('parses events with event, id and multi-line data fields', () => {
    const events = parseAll(['event: delta\nid: 7\ndata: line one\ndata: line two\n\ndata: {"a":1}\n\n']);
    expect(events).toEqual([{ event: 'delta', id: '7', data: 'line one\nline two' }, { data: '{"a":1}' }]);
  });

  it('handles CRLF and lone CR line endings, including a CRLF split between chunks', () => {
    expect(parseAll(['data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r\n'])).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'c' }]);
  });

  it('passes comments through as their own items', () => {
    expect(parseAll([': keep-alive\n\ndata: x\n\n'])).toEqual([{ data: '', comment: ' keep-alive' }, { data: 'x' }]);
  });

  it('reassembles a UTF-8 character split across TCP chunks', () => {
    const bytes = Buffer.from('data: 炸弹\n\n');
    expect(parseAll([bytes.subarray(0, 8), bytes.subarray(8)])).toEqual([{ data: '炸弹' }]);
  });

  it('gives the same events however the bytes are split (property)', () => {
    const stream = 'event: a\ndata: {"x":"你好"}\n\n: ping\n\ndata: one\ndata: two\r\n\r\ndata: [DONE]\n\n';
    const bytes = Buffer.from(stream);
    const whole = parseAll([bytes]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const pieces = [0, ...sorted].map((start, i) => bytes.subarray(start, sorted[i] ?? bytes.length));
        expect(parseAll(pieces)).toEqual(whole);
      }),
    );
  });

  it('round-trips through formatSse', () => {
    const events: SseEvent[] = [{ event: 'message_start', data: '{"a":1}' }, { data: 'multi\nline' }, { data: '', comment: 'ping' }];
    expect(parseAll([events.map(formatSse).join('')])).toEqual(events);
  });
});
