"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = exports.configSchema = void 0;
exports.loadConfig = loadConfig;
exports.parseByteSize = parseByteSize;
/**
 * Configuration: defaults < YAML file < environment < command-line flags, validated by one zod
 * schema. Every problem is reported at once, each with the fix (STYLE.md §4); an invalid config
 * refuses to start.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const yaml_1 = __importDefault(require("yaml"));
const zod_1 = require("zod");
const config_1 = require("./compliance/config");
const config_2 = require("./routing/config");
const config_3 = require("./dashboard/config");
/** Paths the gateway serves itself: no route may own them. */
const RESERVED_PREFIXES = ['/v1', '/admin', '/compliance', '/dashboard', '/metrics', '/healthz', '/readyz'];
const byteSize = zod_1.z.union([zod_1.z.number().int().positive(), zod_1.z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i)]);
exports.configSchema = zod_1.z.strictObject({
    host: zod_1.z.string().min(1).default('127.0.0.1'),
    port: zod_1.z.number().int().min(0).max(65535).default(8080),
    /** Base URL of the model API. Empty: start the built-in demo upstream (an echo model). */
    upstream: zod_1.z
        .strictObject({
        url: zod_1.z.url({ protocol: /^https?$/ }).optional(),
        /** Idle time without a byte from the upstream before the request fails with 504. */
        timeout_ms: zod_1.z.number().int().positive().default(120_000),
        /** Largest non-streamed response the gateway buffers to inspect. */
        max_response_bytes: byteSize.default('32mb'),
        max_sockets: zod_1.z.number().int().positive().default(256),
    })
        .prefault({}),
    /** More upstreams, by path prefix or model (the default upstream above serves the rest). */
    routes: zod_1.z
        .array(config_2.routeSchema)
        .default([])
        .superRefine((routes, ctx) => {
        const names = new Set();
        const prefixes = new Set();
        routes.forEach((r, i) => {
            if (names.has(r.name))
                ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `route name "${r.name}" is used twice. Fix: give each route its own name` });
            names.add(r.name);
            if (!r.prefix)
                return;
            if (prefixes.has(r.prefix))
                ctx.addIssue({ code: 'custom', path: [i, 'prefix'], message: `prefix ${r.prefix} is used twice. Fix: give each route its own prefix` });
            prefixes.add(r.prefix);
            if (RESERVED_PREFIXES.some((p) => r.prefix === p || r.prefix?.startsWith(`${p}/`))) {
                ctx.addIssue({ code: 'custom', path: [i, 'prefix'], message: `prefix ${r.prefix} is the gateway's own. Fix: choose a prefix other than ${RESERVED_PREFIXES.join(', ')}` });
            }
        });
    }),
    tenants: config_2.tenantsSchema,
    /** Requests per minute per client API key fingerprint (429 beyond); none: unlimited. */
    requests_per_minute_per_key: zod_1.z.number().int().positive().optional(),
    /** Largest request body accepted (413 beyond). */
    body_limit: byteSize.default('4mb'),
    /** What to do with /v1/* paths the gateway does not inspect: pass them through, or refuse them. */
    unknown_routes: zod_1.z.enum(['pass', 'deny']).default('pass'),
    rules_dir: zod_1.z.string().min(1).default('rules'),
    /** Reload rules when a file under rules_dir changes (also on SIGHUP and POST /admin/v1/reload). */
    rules_watch: zod_1.z.boolean().default(true),
    metrics: zod_1.z
        .strictObject({
        /** Serve Prometheus metrics at GET /metrics. */
        enabled: zod_1.z.boolean().default(true),
        /** When set, /metrics requires `Authorization: Bearer <token>`. */
        token: zod_1.z.string().min(16).optional(),
    })
        .prefault({}),
    audit: zod_1.z
        .strictObject({
        db: zod_1.z.string().min(1).default('audit/gateway.db'),
        storage_mode: zod_1.z.enum(['full', 'masked', 'hash']).default('masked'),
        /** How often batched request metadata is committed. */
        batch_ms: zod_1.z.number().int().positive().default(250),
        /**
         * A decision the database cannot commit (read-only, disk full, locked): fail_closed refuses the
         * request with 503; fail_open serves it and appends the row to an fsync'd JSONL spool in
         * spool_dir (default: "<db>.spool"), replayed into the database at start and every 5 s.
         */
        on_unavailable: zod_1.z.enum(['fail_closed', 'fail_open']).default('fail_closed'),
        spool_dir: zod_1.z.string().min(1).optional(),
    })
        .prefault({}),
    /** Token for the gateway's own admin endpoints; never forwarded upstream. */
    admin_token: zod_1.z.string().min(16).optional(),
    log_level: zod_1.z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    compliance: config_1.complianceConfigSchema.prefault({}),
    dashboard: config_3.dashboardConfigSchema.prefault({}),
});
class ConfigError extends Error {
    problems;
    constructor(problems) {
        super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        this.name = 'ConfigError';
        this.problems = problems;
    }
}
exports.ConfigError = ConfigError;
/** The fix for a problem at a config path, shown after zod's message. */
const FIXES = {
    host: 'set host to an interface address, e.g. host: "0.0.0.0" or "127.0.0.1" (HOST, --host)',
    port: 'set port to a number from 0 to 65535, e.g. port: 8080 (PORT=8080, --port 8080)',
    'upstream.url': 'set upstream.url to the model API base, e.g. upstream: { url: "https://api.openai.com" } (UPSTREAM_URL, --upstream)',
    'upstream.timeout_ms': 'set upstream.timeout_ms to a positive number of milliseconds, e.g. 120000',
    'upstream.max_response_bytes': 'use a size such as 32mb or a number of bytes',
    body_limit: 'use a size such as 4mb or a number of bytes',
    unknown_routes: 'use unknown_routes: pass (forward unknown /v1/* paths) or deny (refuse them with 403)',
    rules_dir: 'point rules_dir at the folder holding taxonomy.yaml and policy.yaml, e.g. rules_dir: rules (RULES_DIR, --rules)',
    'audit.db': 'set audit.db to a SQLite file path, e.g. audit/gateway.db (AUDIT_DB, --db)',
    'audit.storage_mode': 'use one of full | masked | hash',
    'audit.on_unavailable': 'use fail_closed (refuse with 503 when a decision cannot be recorded) or fail_open (serve it and spool the row to spool_dir)',
    admin_token: 'use a random token of at least 16 characters, e.g. `openssl rand -hex 24` (ADMIN_TOKEN)',
    log_level: 'use one of error | warn | info | debug (LOG_LEVEL, --log-level)',
    'metrics.token': 'use a random token of at least 16 characters, or remove it to serve /metrics openly',
};
function describeIssue(issue) {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
        const where = at ? `${at}: ` : '';
        const keys = issue.keys.map((k) => (at ? `${at}.${k}` : k));
        return `${where}unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}. Fix: remove it or correct its spelling; known keys are ${knownKeys(issue.path).join(', ')} (${keys.join(', ')})`;
    }
    const fix = FIXES[at];
    return `${at || '(root)'}: ${issue.message}${fix ? `. Fix: ${fix}` : ''}`;
}
function knownKeys(at) {
    let shape = exports.configSchema;
    for (const key of at) {
        const inner = unwrap(shape);
        if (!(inner instanceof zod_1.z.ZodObject))
            return [];
        shape = inner.shape[String(key)];
    }
    const inner = unwrap(shape);
    return inner instanceof zod_1.z.ZodObject ? Object.keys(inner.shape) : [];
}
function unwrap(t) {
    let cur = t;
    for (;;) {
        if (cur instanceof zod_1.z.ZodDefault || cur instanceof zod_1.z.ZodPrefault || cur instanceof zod_1.z.ZodOptional) {
            cur = cur.unwrap();
        }
        else {
            return cur;
        }
    }
}
function setIn(obj, keys, value) {
    let cur = obj;
    for (const key of keys.slice(0, -1)) {
        const next = cur[key];
        if (typeof next !== 'object' || next === null || Array.isArray(next))
            cur[key] = {};
        cur = cur[key];
    }
    cur[keys[keys.length - 1]] = value;
}
function asPort(value, source, problems) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n)) {
        problems.push(`${source}: "${value}" is not a port number. Fix: ${FIXES.port}`);
        return undefined;
    }
    return n;
}
function readFile(file, problems) {
    let text;
    try {
        text = node_fs_1.default.readFileSync(file, 'utf8');
    }
    catch (err) {
        problems.push(`config file ${file}: cannot be read (${err.code ?? 'error'}). Fix: pass an existing YAML file with --config or CONFIG`);
        return {};
    }
    const doc = yaml_1.default.parseDocument(text);
    if (doc.errors.length > 0) {
        for (const e of doc.errors)
            problems.push(`config file ${file}: ${e.message}. Fix: correct the YAML syntax`);
        return {};
    }
    const value = doc.toJS();
    if (value === null || value === undefined)
        return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`config file ${file}: the top level must be a mapping. Fix: write keys such as "port: 8080"`);
        return {};
    }
    return value;
}
/** Builds the effective config, or throws ConfigError listing every problem with its fix. */
function loadConfig(opts = {}) {
    const env = opts.env ?? process.env;
    const flags = opts.flags ?? {};
    const cwd = opts.cwd ?? process.cwd();
    const problems = [];
    const file = flags.config ?? env.CONFIG;
    const raw = file ? readFile(node_path_1.default.resolve(cwd, file), problems) : {};
    const layer = (source, values) => {
        if (values.port !== undefined && values.port !== '') {
            const p = asPort(values.port, source, problems);
            if (p !== undefined)
                raw.port = p;
        }
        if (values.host)
            raw.host = values.host;
        if (values.upstream)
            setIn(raw, ['upstream', 'url'], values.upstream);
        if (values.db)
            setIn(raw, ['audit', 'db'], values.db);
        if (values.rules)
            raw.rules_dir = values.rules;
        if (values.adminToken)
            raw.admin_token = values.adminToken;
        if (values.logLevel)
            raw.log_level = values.logLevel;
    };
    layer('PORT', { port: env.PORT, host: env.HOST, upstream: env.UPSTREAM_URL, db: env.AUDIT_DB, rules: env.RULES_DIR, adminToken: env.ADMIN_TOKEN, logLevel: env.LOG_LEVEL });
    layer('--port', { port: flags.port, host: flags.host, upstream: flags.upstream, db: flags.db, rules: flags.rules, logLevel: flags.logLevel });
    const parsed = exports.configSchema.safeParse(raw);
    if (!parsed.success)
        problems.push(...parsed.error.issues.map(describeIssue));
    if (problems.length > 0 || !parsed.success)
        throw new ConfigError(problems);
    const config = parsed.data;
    config.rules_dir = node_path_1.default.resolve(cwd, config.rules_dir);
    config.audit.db = config.audit.db === ':memory:' ? config.audit.db : node_path_1.default.resolve(cwd, config.audit.db);
    if (config.audit.spool_dir)
        config.audit.spool_dir = node_path_1.default.resolve(cwd, config.audit.spool_dir);
    return config;
}
/** "4mb" → 4194304. */
function parseByteSize(size) {
    if (typeof size === 'number')
        return size;
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim());
    if (!m)
        throw new Error(`not a size: ${size}`);
    const unit = (m[2] ?? 'b').toLowerCase();
    const mult = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
    return Math.floor(Number(m[1]) * mult);
}
