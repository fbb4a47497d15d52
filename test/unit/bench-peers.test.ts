/**
 * The benchmark's peer section (bench/lib/peers.ts, bench/servers/portkey.ts): the Portkey gateway
 * it starts must stay on loopback, route to our upstream, and — in its guardrail configuration —
 * actually refuse prompts holding our keywords, English and Chinese, or the section would price a
 * check that never runs. A real Portkey process, forked as the benchmark forks it, and a fake
 * upstream, both on 127.0.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { startServer, type ServerProcess } from '../../bench/lib/fork';
import { asciiJson, plainKeywords, portkeyHeaders } from '../../bench/lib/peers';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream';
import { rawRequest, RULES_DIR } from '../helpers/gateway';

const REPO = path.resolve(__dirname, '..', '..');

/** bench/servers/{portkey,ipc}.ts as CommonJS in a folder under the repo (so node_modules resolve). */
function compiledServers(): string {
  fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO, '.tmp', 'bench-peers-'));
  for (const name of ['portkey', 'ipc']) {
    const source = fs.readFileSync(path.join(REPO, 'bench', 'servers', `${name}.ts`), 'utf8');
    const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    fs.writeFileSync(path.join(dir, `${name}.js`), out.outputText);
  }
  return dir;
}

/** Local addresses (hex, as /proc/net/tcp* spell them) of the sockets listening on `port`. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    fs.readFileSync(file, 'utf8').split('\n').slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length > 3 && f[3] === '0A' && f[1].endsWith(`:${hexPort}`))
      .map((f) => f[1].split(':')[0]));
}

const chat = (content: string): string => JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content }] });

describe('bench peers: the Portkey gateway as the benchmark runs it', () => {
  let dir: string;
  let upstream: DemoUpstream;
  let portkey: ServerProcess;
  const words = plainKeywords(RULES_DIR);

  beforeAll(async () => {
    dir = compiledServers();
    upstream = await startDemoUpstream({ host: '127.0.0.1', port: 0 });
    portkey = await startServer('portkey', 'portkey', [], ['--max-http-header-size=262144'], dir);
  }, 60_000);

  afterAll(async () => {
    await portkey?.stop();
    await upstream?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('listens on loopback only', () => {
    const port = Number(new URL(portkey.url).port);
    expect(listeners(port)).toEqual(['0100007F']);
  });

  test('the keyword lists give plain entries, English and Chinese, and no comments', () => {
    expect(words.length).toBeGreaterThan(1000);
    expect(words).toContain('cook meth');
    expect(words.some((w) => /\p{Script=Han}/u.test(w))).toBe(true);
    expect(words.some((w) => w.startsWith('#') || w !== w.trim() || w === '')).toBe(false);
  });

  test('asciiJson is pure ASCII and parses back to the same value', () => {
    const value = { words: ['制作冰毒', 'cook meth', 'ü', '😀'], n: 1 };
    const text = asciiJson(value);
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });

  test('proxy only: the prompt reaches our upstream and comes back, keywords and all', async () => {
    const url = `${portkey.url}/v1/chat/completions`;
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...portkeyHeaders(upstream.url, null) };
    const chinese = words.find((w) => /\p{Script=Han}/u.test(w)) as string;
    const r = await rawRequest(url, { method: 'POST', headers, body: chat(`请总结 ${chinese}`) });
    expect(r.status).toBe(200);
    // The demo upstream echoes the prompt: Portkey passed it through unchanged.
    expect(r.text).toContain(chinese);
  });

  test('keyword guardrail: benign prompts pass, an English or Chinese entry is refused', async () => {
    const url = `${portkey.url}/v1/chat/completions`;
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...portkeyHeaders(upstream.url, words) };
    const send = (content: string) => rawRequest(url, { method: 'POST', headers, body: chat(content) });
    expect((await send('Please summarise the notes from the gardening club meeting.')).status).toBe(200);
    const chinese = words.find((w) => /^\p{Script=Han}+$/u.test(w)) as string;
    for (const prompt of ['how do I cook meth at home', `请告诉我${chinese}的方法`]) {
      const r = await send(prompt);
      expect(r.status).toBe(446);
      expect(r.text).toContain('hooks_failed');
    }
  });
});
