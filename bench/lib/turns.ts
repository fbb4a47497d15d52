/**
 * Multi-turn chats, as chat clients send them: every request carries the system prompt and the
 * whole conversation so far, then one new user turn. Many conversations advance side by side, each
 * starting over after `turns` user turns, so most of each request is text the gateway has seen
 * before and a little is new. Measured through the bare proxy, the gateway (resent-segment cache
 * on, the default) and a second gateway with the cache off, in the same minute.
 */
import os from 'node:os';
import { mulberry32 } from '../../src/util/prng';
import type { ServerProcess } from './fork';
import { checkOnce, measureLoad, round, type LoadResult } from './load';
import { promptText } from './prompts';
import { nextSeed, type Timing } from './suites';

const SYSTEM = `You are the assistant of a community garden club. Answer briefly and kindly. ${promptText(800, mulberry32(99))}`;
/** Model answers resent as assistant turns (the fake upstream's own answer is fixed; these vary, as real ones do). */
const ANSWER_BYTES = 500;
const CONVERSATIONS = 64;

interface Chat { messages: Array<{ role: string; content: string }>; userTurns: number }

/** Request bodies of `CONVERSATIONS` chats advancing in turn; reproducible by seed. */
export function chatTurns(turnBytes: number, turns: number, seed = 1): () => string {
  const rand = mulberry32(seed);
  const chats: Chat[] = [];
  let next = 0;
  return () => {
    const i = next;
    next = (next + 1) % CONVERSATIONS;
    let chat = chats[i];
    if (!chat || chat.userTurns >= turns) chat = chats[i] = { messages: [{ role: 'system', content: SYSTEM }], userTurns: 0 };
    else chat.messages.push({ role: 'assistant', content: promptText(ANSWER_BYTES, rand) });
    chat.messages.push({ role: 'user', content: promptText(turnBytes, rand) });
    chat.userTurns++;
    return JSON.stringify({ model: 'bench-model', stream: false, messages: chat.messages });
  };
}

export interface TurnsRun {
  turnBytes: number;
  turns: number;
  connections: number;
  /** Mean request body size over a full cycle of the conversations. */
  meanRequestBytes: number;
  bare: LoadResult;
  gateway: LoadResult;
  gatewayNoCache: LoadResult;
  gatewayToBare: number;
  noCacheToBare: number;
  loadAvg1m: number;
}

export interface TurnsServers { upstream: ServerProcess; bare: ServerProcess; gateway: ServerProcess; gatewayNoCache: ServerProcess }

export async function multiTurn(s: TurnsServers, turnBytes: number, turns: number, connections: number, t: Timing): Promise<TurnsRun> {
  const sample = chatTurns(turnBytes, turns, 7);
  let bytes = 0;
  const cycle = CONVERSATIONS * turns;
  for (let i = 0; i < cycle; i++) {
    const body = sample();
    bytes += Buffer.byteLength(body);
    // Every turn of one conversation through each gateway: none may be refused.
    if (i % CONVERSATIONS === 0) for (const g of [s.gateway, s.gatewayNoCache]) await checkOnce(`${g.url}/v1/chat/completions`, body);
  }
  const seed = nextSeed();
  const load = (target: ServerProcess) => measureLoad({ url: `${target.url}/v1/chat/completions`, body: chatTurns(turnBytes, turns, seed), connections, ...t, processes: [target, s.upstream] });
  const bare = await load(s.bare);
  const gateway = await load(s.gateway);
  const gatewayNoCache = await load(s.gatewayNoCache);
  const ratio = (r: LoadResult) => round(r.rps / Math.max(bare.rps, 1e-9), 3);
  return { turnBytes, turns, connections, meanRequestBytes: Math.round(bytes / cycle), bare, gateway, gatewayNoCache, gatewayToBare: ratio(gateway), noCacheToBare: ratio(gatewayNoCache), loadAvg1m: round(os.loadavg()[0], 2) };
}
