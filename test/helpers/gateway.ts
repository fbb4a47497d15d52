/**
 * Test harness: a fake OpenAI upstream and a real gateway on 127.0.0.1, each test with its own
 * SQLite file. The gateway is the same wiring `serve` uses (startGateway).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { loadConfig, type Config } from '../../src/config';
import { startDemoUpstream, type DemoUpstream, type DemoUpstreamOptions } from '../../src/demo/upstream';
import { startGateway, type Gateway } from '../../src/gateway';
import { createLogger } from '../../src/log';

export const RULES_DIR = path.resolve(__dirname, '../../rules');

export interface TestSetup {
  gateway: Gateway;
  upstream: DemoUpstream;
  client: OpenAI;
  dir: string;
  dbFile: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'cg-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A private copy of the shipped rules folder, optionally with policy.yaml rewritten, for tests
 * that change rules or policy without touching the real ones.
 */
export function copyRules(editPolicy?: (policyYaml: string) => string): string {
  const dir = tempDir('cg-rules-');
  fs.cpSync(RULES_DIR, dir, { recursive: true });
  if (editPolicy) {
    const file = path.join(dir, 'policy.yaml');
    fs.writeFileSync(file, editPolicy(fs.readFileSync(file, 'utf8')));
  }
  return dir;
}

export interface SetupOptions {
  upstream?: DemoUpstreamOptions;
  /** Raw YAML-shaped config merged over the test defaults. */
  config?: (c: Config) => void;
  /** Use this upstream URL instead of starting a fake one. */
  upstreamUrl?: string;
  apiKey?: string;
}

export async function setup(opts: SetupOptions = {}): Promise<TestSetup> {
  const dir = tempDir();
  const dbFile = path.join(dir, 'audit.db');
  const upstream = await startDemoUpstream({ host: '127.0.0.1', port: 0, ...opts.upstream });
  const config = loadConfig({ env: {}, flags: { port: 0, host: '127.0.0.1', upstream: opts.upstreamUrl ?? upstream.url, db: dbFile, rules: RULES_DIR } });
  opts.config?.(config);
  const gateway = await startGateway(config, createLogger({ silent: true }));
  const client = new OpenAI({ apiKey: opts.apiKey ?? 'sk-test-client-key', baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  return {
    gateway,
    upstream,
    client,
    dir,
    dbFile,
    async close() {
      await gateway.close(500);
      await upstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => unknown;
}

/**
 * A raw HTTP request with node:http, for byte-level assertions the SDK would hide: the path is sent
 * exactly as given (fetch would normalise dot segments) and any header can be set.
 */
export function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const u = new URL(url);
  const path = url.slice(url.indexOf('/', u.protocol.length + 2));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: init.method ?? 'POST', path, headers: { 'content-type': 'application/json', ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
