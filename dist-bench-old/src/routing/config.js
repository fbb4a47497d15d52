"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tenantsSchema = exports.routeSchema = exports.genericDialectSchema = void 0;
/**
 * Config for several upstreams (routes) and tenants. Routes pick an upstream by path prefix
 * (`/qwen/v1/...` → B with the prefix stripped) or by the request's model (`qwen-*` → B); each has
 * its own dialect, timeout and policy overlay. Tenants are identified by a gateway key (only its
 * SHA-256 is in the config) or by a header that a trusted auth proxy in front sets.
 */
const zod_1 = require("zod");
const overlay_1 = require("../policy/overlay");
/** JSON Pointer (RFC 6901) where a `*` token matches every element of an array. */
const pointer = zod_1.z.string().regex(/^(\/[^/]*)+$/, 'a JSON Pointer such as /input/text or /messages/*/content');
exports.genericDialectSchema = zod_1.z.strictObject({
    /** Where the texts the model reads are. */
    input: zod_1.z.array(pointer).min(1),
    /** Where the texts the model wrote are (non-streamed responses). */
    output: zod_1.z.array(pointer).default([]),
    /** In each SSE event of a streamed response: where the text delta is. */
    stream_delta: pointer.optional(),
    /** A refused prompt: status and body; every string "{{message}}" in the body becomes the refusal text. */
    refusal: zod_1.z
        .strictObject({
        status: zod_1.z.number().int().min(400).max(599).default(400),
        body: zod_1.z.unknown().default({ error: { message: '{{message}}', code: 'content_filter' } }),
    })
        .prefault({}),
    /** Extra fields set on a blocked output (besides its texts, which become the refusal). */
    output_blocked: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()).default({ content_filter: true }),
});
exports.routeSchema = zod_1.z
    .strictObject({
    name: zod_1.z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    /** Path prefix owned by this route, e.g. /qwen: /qwen/v1/chat/completions goes upstream as /v1/chat/completions. */
    prefix: zod_1.z.string().regex(/^(\/[a-z0-9_-]+)+$/, 'a lower-case path such as /qwen').optional(),
    /** Model globs for requests on the default paths, e.g. ["qwen-*"]. */
    models: zod_1.z.array(zod_1.z.string().min(1)).min(1).optional(),
    upstream: zod_1.z.url({ protocol: /^https?$/ }),
    timeout_ms: zod_1.z.number().int().positive().optional(),
    /** auto: OpenAI or Anthropic by path; generic: another JSON API, described by `generic`. */
    dialect: zod_1.z.enum(['auto', 'generic']).default('auto'),
    generic: exports.genericDialectSchema.optional(),
    policy: overlay_1.policyOverlaySchema.optional(),
})
    .refine((r) => r.prefix !== undefined || r.models !== undefined, { message: 'a route needs a prefix or models. Fix: add prefix: /name or models: ["name-*"]' })
    .refine((r) => r.dialect !== 'generic' || (r.generic !== undefined && r.prefix !== undefined), { message: 'a generic route needs a prefix and a generic: section. Fix: add prefix and generic: {input: [...], output: [...]}' });
exports.tenantsSchema = zod_1.z
    .strictObject({
    /** Header set by a trusted auth proxy in front of the gateway, e.g. x-tenant-id. Only enable behind one. */
    trusted_header: zod_1.z.string().regex(/^[A-Za-z0-9-]+$/).optional(),
    /** Refuse (401) requests that identify no tenant. */
    required: zod_1.z.boolean().default(false),
    list: zod_1.z
        .array(zod_1.z.strictObject({
        id: zod_1.z.string().regex(/^[A-Za-z0-9_.-]+$/),
        /** SHA-256 (hex) of each gateway key of this tenant; clients send the key in x-gateway-key. */
        key_sha256: zod_1.z.array(zod_1.z.string().regex(/^[0-9a-f]{64}$/)).default([]),
        policy: overlay_1.policyOverlaySchema.optional(),
        /** Requests per minute for this tenant (429 beyond); none: unlimited. */
        requests_per_minute: zod_1.z.number().int().positive().optional(),
    }))
        .default([]),
})
    .prefault({});
