"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dashboardConfigSchema = exports.TOKEN_HASH = exports.PASSWORD_HASH = exports.ROLES = void 0;
exports.defaultDashboardConfig = defaultDashboardConfig;
/**
 * The `dashboard:` section of the gateway config: who may log in to /dashboard and the JSON API under
 * /compliance/v1, and how sessions behave. Mounted in src/config.ts as
 * `dashboard: dashboardConfigSchema.prefault({})`. Credentials are stored as hashes only:
 * `compliance-gateway dashboard hash-password` and `… dashboard new-token` print them.
 */
const zod_1 = require("zod");
exports.ROLES = ['viewer', 'officer', 'admin'];
/** `scrypt$N$r$p$<salt base64>$<hash base64>`, as written by `dashboard hash-password`. */
exports.PASSWORD_HASH = /^scrypt\$\d{4,7}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/=]{16,}\$[A-Za-z0-9+/=]{32,}$/;
/** `sha256$<64 hex>`: the SHA-256 of a random API token, as written by `dashboard new-token`. */
exports.TOKEN_HASH = /^sha256\$[0-9a-f]{64}$/;
const officerSchema = zod_1.z
    .strictObject({
    /** Recorded as the reviewer of every action this officer takes. */
    name: zod_1.z.string().regex(/^[\p{L}\p{N}._@-]{1,64}$/u, 'use 1-64 letters, digits or . _ @ - (e.g. officer.li)'),
    role: zod_1.z.enum(exports.ROLES),
    password_hash: zod_1.z.string().regex(exports.PASSWORD_HASH, 'make one with `compliance-gateway dashboard hash-password`').optional(),
    token_hash: zod_1.z.string().regex(exports.TOKEN_HASH, 'make one with `compliance-gateway dashboard new-token`').optional(),
})
    .refine((o) => o.password_hash !== undefined || o.token_hash !== undefined, {
    message: 'an officer needs password_hash (browser login) or token_hash (scripts); make one with `compliance-gateway dashboard hash-password`',
    path: ['password_hash'],
});
exports.dashboardConfigSchema = zod_1.z
    .strictObject({
    /** Serve /dashboard and its JSON API. Without officers nobody can log in (login answers 503). */
    enabled: zod_1.z.boolean().default(true),
    officers: zod_1.z.array(officerSchema).default([]),
    /** Idle sessions end after this long; every request renews the session. */
    session_ttl_minutes: zod_1.z.number().int().min(1).max(24 * 60).default(480),
    /** Add `Secure` to the session cookie: set true when the dashboard is reached over https. */
    secure_cookie: zod_1.z.boolean().default(false),
    login_rate_limit: zod_1.z
        .strictObject({
        /** Failed logins per client address and officer name within the window before 429. */
        max_failures: zod_1.z.number().int().min(1).default(5),
        /** Failed logins per client address (any name) within the window before 429. */
        max_failures_per_ip: zod_1.z.number().int().min(1).default(20),
        window_minutes: zod_1.z.number().int().min(1).default(15),
    })
        .prefault({}),
})
    .refine((d) => new Set(d.officers.map((o) => o.name)).size === d.officers.length, {
    message: 'officer names must be unique: each is the reviewer name in the audit trail',
    path: ['officers'],
});
function defaultDashboardConfig() {
    return exports.dashboardConfigSchema.parse({});
}
