import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, parseByteSize } from '../../src/config';
import { tempDir } from '../helpers/gateway';

function writeConfig(text: string): string {
  const file = path.join(tempDir('cg-config-'), 'gateway.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults: port 8080, demo upstream, audit/gateway.db, rules/', () => {
    const c = loadConfig({ env: {}, cwd: '/srv/app' });
    expect(c.port).toBe(8080);
    expect(c.upstream.url).toBeUndefined();
    expect(c.audit.db).toBe('/srv/app/audit/gateway.db');
    expect(c.rules_dir).toBe('/srv/app/rules');
    expect(c.unknown_routes).toBe('pass');
  });

  it('layers file < env < flags', () => {
    const file = writeConfig('port: 9000\nupstream:\n  url: http://file.example\n  timeout_ms: 5000\naudit:\n  storage_mode: hash\n');
    const c = loadConfig({ env: { CONFIG: file, PORT: '9100', UPSTREAM_URL: 'http://env.example' }, flags: { port: '9200' } });
    expect(c.port).toBe(9200);
    expect(c.upstream.url).toBe('http://env.example');
    expect(c.upstream.timeout_ms).toBe(5000);
    expect(c.audit.storage_mode).toBe('hash');
  });

  it('lists every problem with its fix', () => {
    const file = writeConfig('port: "eighty"\nupstrem: {url: x}\nupstream:\n  url: not-a-url\naudit:\n  storage_mode: everything\n');
    const problems = problemsOf(() => loadConfig({ env: { CONFIG: file, ADMIN_TOKEN: 'short' } }));
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(problems.join('\n')).toMatch(/port: .*Fix: set port/);
    expect(problems.join('\n')).toMatch(/unknown key "upstrem"/);
    expect(problems.join('\n')).toMatch(/upstream\.url: .*Fix:/);
    expect(problems.join('\n')).toMatch(/audit\.storage_mode: .*Fix: use one of full \| masked \| hash/);
    expect(problems.join('\n')).toMatch(/admin_token: .*Fix:/);
  });

  it('reports a missing or broken file', () => {
    expect(problemsOf(() => loadConfig({ env: {}, flags: { config: '/nonexistent/gateway.yaml' } }))[0]).toMatch(/cannot be read.*Fix/);
    expect(problemsOf(() => loadConfig({ env: {}, flags: { config: writeConfig('port: [1,\n') } }))[0]).toMatch(/Fix: correct the YAML/);
  });

  it('rejects a non-numeric PORT', () => {
    expect(problemsOf(() => loadConfig({ env: { PORT: 'abc' } }))[0]).toMatch(/PORT: "abc" is not a port number/);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['4mb', 4 * 1024 * 1024],
    ['64kb', 65536],
    ['100', 100],
    [2048, 2048],
  ])('%s → %i', (input, bytes) => expect(parseByteSize(input)).toBe(bytes));
});

describe('routes and tenants config', () => {
  it('refuses duplicate names and prefixes and the gateway’s own paths', () => {
    const file = writeConfig('routes:\n  - {name: a, prefix: /qwen, upstream: "http://127.0.0.1:1"}\n  - {name: a, prefix: /qwen, upstream: "http://127.0.0.1:2"}\n  - {name: b, prefix: /admin, upstream: "http://127.0.0.1:3"}\n  - {name: c, upstream: "http://127.0.0.1:4"}\n');
    const problems = problemsOf(() => loadConfig({ env: { CONFIG: file } })).join('\n');
    expect(problems).toMatch(/route name "a" is used twice/);
    expect(problems).toMatch(/prefix \/qwen is used twice/);
    expect(problems).toMatch(/prefix \/admin is the gateway's own/);
    expect(problems).toMatch(/needs a prefix or models/);
  });

  it('accepts routes, a generic dialect and tenants', () => {
    const file = writeConfig(
      'routes:\n  - {name: custom, prefix: /custom, upstream: "http://127.0.0.1:9", dialect: generic, generic: {input: [/prompt], output: [/result/text]}}\ntenants:\n  list:\n    - {id: team-a, key_sha256: ["' + 'a'.repeat(64) + '"], requests_per_minute: 60, policy: {mode: shadow}}\n',
    );
    const c = loadConfig({ env: { CONFIG: file } });
    expect(c.routes[0]).toMatchObject({ name: 'custom', dialect: 'generic', generic: { input: ['/prompt'] } });
    expect(c.tenants.list[0]).toMatchObject({ id: 'team-a', requests_per_minute: 60, policy: { mode: 'shadow' } });
  });
});

describe('shipped example config', () => {
  it('examples/gateway.yaml (used by docker-compose.yml) is valid', () => {
    const c = loadConfig({ env: { CONFIG: path.resolve(__dirname, '../../examples/gateway.yaml') } });
    expect(c).toMatchObject({ host: '0.0.0.0', port: 8080, audit: { db: '/app/audit/gateway.db' } });
  });
});
