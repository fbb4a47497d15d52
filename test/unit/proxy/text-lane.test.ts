import { createEngine } from '../../../src/policy/engine';
import { loadRuleSet } from '../../../src/policy/rules';
import { TextLane } from '../../../src/proxy/text-lane';
import { RULES_DIR } from '../../helpers/gateway';

const engine = createEngine(loadRuleSet(RULES_DIR));

/** Feeds text one character at a time and collects what the lane releases. */
async function feed(text: string): Promise<{ sent: string; blocked: boolean }> {
  const lane = new TextLane('c0', 'choices[0].message.content');
  let sent = '';
  for (const ch of Array.from(text)) {
    lane.append(ch);
    const step = await lane.step(engine, false);
    if (step.block) return { sent, blocked: true };
    sent += step.release;
  }
  const last = await lane.step(engine, true);
  if (last.block) return { sent, blocked: true };
  return { sent: sent + last.release, blocked: false };
}

describe('TextLane', () => {
  it('releases benign text in full', async () => {
    expect(await feed('Plain words, nothing else.')).toEqual({ sent: 'Plain words, nothing else.', blocked: false });
  });

  it('holds back every prefix of a keyword until it can decide', async () => {
    const r = await feed('ok so how to make a bomb now');
    expect(r.blocked).toBe(true);
    expect(r.sent).toBe('ok so ');
  });

  it('masks an e-mail and a card number whole, never a part in clear', async () => {
    const r = await feed('mail bob.smith@example.com card 4111-1111-1111-1111 end');
    expect(r.blocked).toBe(false);
    expect(r.sent).not.toMatch(/bob|example|4111-1111/);
    expect(r.sent.endsWith(' end')).toBe(true);
  });

  it('releases everything that cannot start a match', async () => {
    const lane = new TextLane('c0', 'p');
    lane.append('你好，今天天气很好。');
    expect((await lane.step(engine, false)).release).toBe('你好，今天天气很好。');
  });
});
