/**
 * Configuration: defaults < YAML file < environment < command-line flags, validated by one zod
 * schema. Every problem is reported at once, each with the fix (STYLE.md §4); an invalid config
 * refuses to start.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { complianceConfigSchema } from './compliance/config';
import { routeSchema, tenantsSchema } from './routing/config';
import { dashboardConfigSchema } from './dashboard/config';

/** Paths the gateway serves itself: no route may own them. */
const RESERVED_PREFIXES = ['/v1', '/admin', '/compliance', '/dashboard', '/metrics', '/healthz', '/readyz'];

const byteSize = z.union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i)]);

export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Base URL of the model API. Empty: start the built-in demo upstream (an echo model). */
  upstream: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).optional(),
      /** Idle time without a byte from the upstream before the request fails with 504. */
      timeout_ms: z.number().int().positive().default(120_000),
      /** Largest non-streamed response the gateway buffers to inspect. */
      max_response_bytes: byteSize.default('32mb'),
      max_sockets: z.number().int().positive().default(256),
    })
    .prefault({}),
  /** More upstreams, by path prefix or model (the default upstream above serves the rest). */
  routes: z
    .array(routeSchema)
    .default([])
    .superRefine((routes, ctx) => {
      const names = new Set<string>();
      const prefixes = new Set<string>();
      routes.forEach((r, i) => {
        if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `route name "${r.name}" is used twice. Fix: give each route its own name` });
        names.add(r.name);
        if (!r.prefix) return;
        if (prefixes.has(r.prefix)) ctx.addIssue({ code: 'custom', path: [i, 'prefix'], message: `prefix ${r.prefix} is used twice. Fix: give each route its own prefix` });
        prefixes.add(r.prefix);
        if (RESERVED_PREFIXES.some((p) => r.prefix === p || r.prefix?.startsWith(`${p}/`))) {
          ctx.addIssue({ code: 'custom', path: [i, 'prefix'], message: `prefix ${r.prefix} is the gateway's own. Fix: choose a prefix other than ${RESERVED_PREFIXES.join(', ')}` });
        }
      });
    }),
  tenants: tenantsSchema,
  /** Requests per minute per client API key fingerprint (429 beyond); none: unlimited. */
  requests_per_minute_per_key: z.number().int().positive().optional(),
  /** Largest request body accepted (413 beyond). */
  body_limit: byteSize.default('4mb'),
  /** What to do with /v1/* paths the gateway does not inspect: pass them through, or refuse them. */
  unknown_routes: z.enum(['pass', 'deny']).default('pass'),
  rules_dir: z.string().min(1).default('rules'),
  /**
   * Worker threads that run the local classifier off the event loop (0: on it). auto: one per core
   * beyond the first, at most 2.
   */
  classifier_threads: z.union([z.literal('auto'), z.number().int().min(0).max(32)]).default('auto'),
  /**
   * Prompt segments whose findings are kept, so a chat's earlier turns are not inspected again on
   * every request (0: off). Per tenant, client key and end user, ~100 bytes each; see README.
   */
  resent_cache_entries: z.number().int().min(0).max(10_000_000).default(100_000),
  /** Reload rules when a file under rules_dir changes (also on SIGHUP and POST /admin/v1/reload). */
  rules_watch: z.boolean().default(true),
  metrics: z
    .strictObject({
      /** Serve Prometheus metrics at GET /metrics. */
      enabled: z.boolean().default(true),
      /** When set, /metrics requires `Authorization: Bearer <token>`. */
      token: z.string().min(16).optional(),
    })
    .prefault({}),
  audit: z
    .strictObject({
      db: z.string().min(1).default('audit/gateway.db'),
      storage_mode: z.enum(['full', 'masked', 'hash']).default('masked'),
      /** How often batched request metadata is committed. */
      batch_ms: z.number().int().positive().default(250),
      /**
       * A decision the database cannot commit (read-only, disk full, locked): fail_closed refuses the
       * request with 503; fail_open serves it and appends the row to an fsync'd JSONL spool in
       * spool_dir (default: "<db>.spool"), replayed into the database at start and every 5 s.
       */
      on_unavailable: z.enum(['fail_closed', 'fail_open']).default('fail_closed'),
      spool_dir: z.string().min(1).optional(),
    })
    .prefault({}),
  /** Token for the gateway's own admin endpoints; never forwarded upstream. */
  admin_token: z.string().min(16).optional(),
  log_level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  compliance: complianceConfigSchema.prefault({}),
  dashboard: dashboardConfigSchema.prefault({}),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The fix for a problem at a config path, shown after zod's message. */
const FIXES: Record<string, string> = {
  host: 'set host to an interface address, e.g. host: "0.0.0.0" or "127.0.0.1" (HOST, --host)',
  port: 'set port to a number from 0 to 65535, e.g. port: 8080 (PORT=8080, --port 8080)',
  'upstream.url': 'set upstream.url to the model API base, e.g. upstream: { url: "https://api.openai.com" } (UPSTREAM_URL, --upstream)',
  'upstream.timeout_ms': 'set upstream.timeout_ms to a positive number of milliseconds, e.g. 120000',
  'upstream.max_response_bytes': 'use a size such as 32mb or a number of bytes',
  body_limit: 'use a size such as 4mb or a number of bytes',
  unknown_routes: 'use unknown_routes: pass (forward unknown /v1/* paths) or deny (refuse them with 403)',
  rules_dir: 'point rules_dir at the folder holding taxonomy.yaml and policy.yaml, e.g. rules_dir: rules (RULES_DIR, --rules)',
  'audit.db': 'set audit.db to a SQLite file path, e.g. audit/gateway.db, or a postgres://user@host/db URL (AUDIT_DB, --db)',
  'audit.storage_mode': 'use one of full | masked | hash',
  'audit.on_unavailable': 'use fail_closed (refuse with 503 when a decision cannot be recorded) or fail_open (serve it and spool the row to spool_dir)',
  admin_token: 'use a random token of at least 16 characters, e.g. `openssl rand -hex 24` (ADMIN_TOKEN)',
  log_level: 'use one of error | warn | info | debug (LOG_LEVEL, --log-level)',
  classifier_threads: 'use auto, 0 (classify on the event loop) or a number of worker threads up to 32',
  resent_cache_entries: 'use a number of segments from 0 (off) to 10000000, e.g. resent_cache_entries: 100000',
  'metrics.token': 'use a random token of at least 16 characters, or remove it to serve /metrics openly',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = at ? `${at}: ` : '';
    const keys = issue.keys.map((k) => (at ? `${at}.${k}` : k));
    return `${where}unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}. Fix: remove it or correct its spelling; known keys are ${knownKeys(issue.path).join(', ')} (${keys.join(', ')})`;
  }
  const fix = FIXES[at];
  return `${at || '(root)'}: ${issue.message}${fix ? `. Fix: ${fix}` : ''}`;
}

function knownKeys(at: PropertyKey[]): string[] {
  let shape: z.ZodType = configSchema;
  for (const key of at) {
    const inner = unwrap(shape);
    if (!(inner instanceof z.ZodObject)) return [];
    shape = inner.shape[String(key)] as z.ZodType;
  }
  const inner = unwrap(shape);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function unwrap(t: z.ZodType): z.ZodType {
  let cur: z.ZodType = t;
  for (;;) {
    if (cur instanceof z.ZodDefault || cur instanceof z.ZodPrefault || cur instanceof z.ZodOptional) {
      cur = cur.unwrap() as z.ZodType;
    } else {
      return cur;
    }
  }
}

/** Flags from the command line; undefined means "not given". */
export interface ConfigFlags {
  config?: string;
  port?: string | number;
  host?: string;
  upstream?: string;
  db?: string;
  rules?: string;
  logLevel?: string;
}

export interface LoadConfigOptions {
  flags?: ConfigFlags;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

type Raw = Record<string, unknown>;

function setIn(obj: Raw, keys: string[], value: unknown): void {
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Raw;
  }
  cur[keys[keys.length - 1]] = value;
}

function asPort(value: string | number, source: string, problems: string[]): number | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) {
    problems.push(`${source}: "${value}" is not a port number. Fix: ${FIXES.port}`);
    return undefined;
  }
  return n;
}

function readFile(file: string, problems: string[]): Raw {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`config file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}). Fix: pass an existing YAML file with --config or CONFIG`);
    return {};
  }
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(`config file ${file}: ${e.message}. Fix: correct the YAML syntax`);
    return {};
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`config file ${file}: the top level must be a mapping. Fix: write keys such as "port: 8080"`);
    return {};
  }
  return value as Raw;
}

/** Builds the effective config, or throws ConfigError listing every problem with its fix. */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const flags = opts.flags ?? {};
  const cwd = opts.cwd ?? process.cwd();
  const problems: string[] = [];

  const file = flags.config ?? env.CONFIG;
  const raw: Raw = file ? readFile(path.resolve(cwd, file), problems) : {};

  const layer = (source: string, values: { port?: string | number; host?: string; upstream?: string; db?: string; rules?: string; adminToken?: string; logLevel?: string }): void => {
    if (values.port !== undefined && values.port !== '') {
      const p = asPort(values.port, source, problems);
      if (p !== undefined) raw.port = p;
    }
    if (values.host) raw.host = values.host;
    if (values.upstream) setIn(raw, ['upstream', 'url'], values.upstream);
    if (values.db) setIn(raw, ['audit', 'db'], values.db);
    if (values.rules) raw.rules_dir = values.rules;
    if (values.adminToken) raw.admin_token = values.adminToken;
    if (values.logLevel) raw.log_level = values.logLevel;
  };
  layer('PORT', { port: env.PORT, host: env.HOST, upstream: env.UPSTREAM_URL, db: env.AUDIT_DB, rules: env.RULES_DIR, adminToken: env.ADMIN_TOKEN, logLevel: env.LOG_LEVEL });
  layer('--port', { port: flags.port, host: flags.host, upstream: flags.upstream, db: flags.db, rules: flags.rules, logLevel: flags.logLevel });

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.map(describeIssue));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const config = parsed.data;
  config.rules_dir = path.resolve(cwd, config.rules_dir);
  // A postgres:// URL (the shared store for several instances) is not a path.
  config.audit.db = config.audit.db === ':memory:' || /^postgres(ql)?:\/\//i.test(config.audit.db) ? config.audit.db : path.resolve(cwd, config.audit.db);
  if (config.audit.spool_dir) config.audit.spool_dir = path.resolve(cwd, config.audit.spool_dir);
  return config;
}

/** "4mb" → 4194304. */
export function parseByteSize(size: number | string): number {
  if (typeof size === 'number') return size;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim());
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  return Math.floor(Number(m[1]) * mult);
}
