"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.publicDir = publicDir;
exports.createDashboard = createDashboard;
/**
 * The compliance officer dashboard, as one router the gateway mounts next to the complaint intake:
 *   app.use(createDashboard({ config, store, rules }))
 * serves the page at /dashboard (static HTML, CSS and JS from ./public, no build step) and its JSON
 * API under /compliance/v1 (session, overview, violations, reviews, allowlist, remediation, exports,
 * complaints, rules). Only those two prefixes are handled here, so the model routes /v1/* never
 * reach it. Everything shown comes from traffic and is attacker-controlled: the page builds DOM with
 * textContent only, and a strict Content-Security-Policy (no inline script or style, same origin
 * only) backs that up.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const express_1 = __importDefault(require("express"));
const helmet_1 = __importDefault(require("helmet"));
const api_read_1 = require("./api-read");
const api_write_1 = require("./api-write");
const auth_1 = require("./auth");
const exports_1 = require("./exports");
const rate_limit_1 = require("./rate-limit");
const sessions_1 = require("./sessions");
/** The page's files: next to this module under ts-jest, in the source tree when running from dist/. */
function publicDir(from = __dirname) {
    const local = node_path_1.default.join(from, 'public');
    if (node_fs_1.default.existsSync(node_path_1.default.join(local, 'index.html')))
        return local;
    for (let dir = from; node_path_1.default.dirname(dir) !== dir; dir = node_path_1.default.dirname(dir)) {
        if (node_fs_1.default.existsSync(node_path_1.default.join(dir, 'package.json')))
            return node_path_1.default.join(dir, 'src', 'dashboard', 'public');
    }
    return local;
}
const PAGE_CSP = {
    useDefaults: false,
    directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
    },
};
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] } };
function createDashboard(o) {
    const router = express_1.default.Router();
    const cfg = o.config.dashboard;
    if (!cfg.enabled)
        return router;
    const now = o.now ?? Date.now;
    const months = o.config.compliance.remediation_months;
    const sessions = new sessions_1.SessionStore({ ttlMs: cfg.session_ttl_minutes * 60_000, now });
    const limiter = new rate_limit_1.LoginLimiter({
        maxFailures: cfg.login_rate_limit.max_failures,
        maxFailuresPerIp: cfg.login_rate_limit.max_failures_per_ip,
        windowMs: cfg.login_rate_limit.window_minutes * 60_000,
        now,
    });
    const auth = (0, auth_1.createAuth)({ config: cfg, sessions, limiter });
    const api = express_1.default.Router();
    api.use((0, helmet_1.default)({ contentSecurityPolicy: API_CSP, strictTransportSecurity: false }), (_req, res, next) => {
        res.setHeader('cache-control', 'no-store');
        next();
    });
    api.use(auth.router);
    // Every other API route needs a login; mutations also the CSRF token.
    api.use(auth.authenticate, auth.csrf);
    api.use((0, api_read_1.createReadApi)({ store: o.store, rules: o.rules, months, now }));
    api.use((0, api_write_1.createWriteApi)({ store: o.store, rules: o.rules, months, now, requireOfficer: auth.requireRole('officer'), requireAdmin: auth.requireRole('admin') }));
    api.use((0, exports_1.createExportApi)({ store: o.store, rules: o.rules, months, now }));
    api.use((req, res) => (0, auth_1.apiError)(res, 404, 'not_found', `unknown dashboard API route ${req.method} ${req.path}`));
    api.use((err, _req, res, _next) => {
        const e = err;
        if (e.type === 'entity.parse.failed')
            return (0, auth_1.apiError)(res, 400, 'invalid_request', 'the body is not valid JSON');
        if (e.type === 'entity.too.large')
            return (0, auth_1.apiError)(res, 413, 'invalid_request', 'the body is too large');
        if (res.headersSent)
            return void res.destroy();
        (0, auth_1.apiError)(res, 500, 'internal_error', 'the dashboard API failed; see the gateway log');
    });
    const page = express_1.default.Router();
    page.use((0, helmet_1.default)({ contentSecurityPolicy: PAGE_CSP, strictTransportSecurity: cfg.secure_cookie ? undefined : false, crossOriginEmbedderPolicy: true }));
    page.use(express_1.default.static(publicDir(), { index: 'index.html', dotfiles: 'ignore', etag: false, maxAge: 0 }));
    // The complaint intake (token-authenticated, mounted earlier) keeps answering POST /complaints.
    router.use('/compliance/v1', api);
    router.use('/dashboard', page);
    return router;
}
