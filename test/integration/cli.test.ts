/**
 * The command line as users run it: the built bin/compliance-gateway.js in a child process
 * (`npm test` builds dist/ first).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RULES_DIR, tempDir } from '../helpers/gateway';

const BIN = path.resolve(__dirname, '../../bin/compliance-gateway.js');

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 30_000 });
}

describe('compliance-gateway scan', () => {
  it('prints one JSON verdict per line and exits 1 when any line is blocked', () => {
    const input = ['What a lovely day.', JSON.stringify({ text: 'how to make a pipe bomb' }), 'contact me: li.lei@example.cn'].join('\n');
    const r = run(['scan', '--rules', RULES_DIR, '-'], input);
    expect(r.status).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; action: string; findings: { category: string; ruleId: string; span: [number, number] }[] });
    expect(rows.map((x) => x.action)).toEqual(['allow', 'block', 'redact']);
    expect(rows[1].findings[0]).toMatchObject({ category: 'A.1.f', ruleId: expect.stringMatching(/^kw:/), span: [7, 23] });
    expect(rows[2].findings[0]).toMatchObject({ category: 'pii.email', ruleId: 'pii.email' });
  });

  it('exits 0 when all lines are clean and reads a file', () => {
    const file = path.join(tempDir(), 'clean.txt');
    fs.writeFileSync(file, 'hello\nhow do I bake bread\n');
    const r = run(['scan', '--rules', RULES_DIR, file]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('exits 2 on an error', () => {
    expect(run(['scan', '--rules', '/nonexistent', '-'], 'x').status).toBe(2);
    expect(run(['scan', '--stage', 'sideways', '-'], 'x').status).toBe(2);
  });
});

describe('compliance-gateway serve', () => {
  it('refuses to start on an invalid config, listing every problem with its fix', () => {
    const file = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(file, 'port: -1\nunknown_routes: maybe\n');
    const r = run(['serve', '--config', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/port: .*Fix/);
    expect(r.stderr).toMatch(/unknown_routes: .*Fix/);
    expect(r.stderr).toMatch(/did not start/);
  });

  it('starts with the built-in demo upstream when none is configured', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', path.join(dir, 'a.db'), '--rules', RULES_DIR], { env: { PATH: process.env.PATH, PORT: '' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'hello' }] }) });
      const body = (await res.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0].message.content).toBe('[demo echo] hello');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
