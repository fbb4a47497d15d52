"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SESSION_COOKIE = void 0;
exports.apiError = apiError;
exports.principalOf = principalOf;
exports.createAuth = createAuth;
/**
 * Who is asking, and may they. Two ways in:
 *   - the page: POST /compliance/v1/session with an officer's name and password → a session cookie
 *     (HttpOnly, SameSite=Strict) and a CSRF token the page sends back as `x-csrf-token` on every
 *     mutation (the double check covers browsers that ignore SameSite);
 *   - scripts: `Authorization: Bearer <token>` matching an officer's token_hash. A browser never adds
 *     that header by itself, so bearer requests need no CSRF token.
 * Roles are ordered: viewer (read, export) < officer (review) < admin (allow-list rules).
 */
const express_1 = __importDefault(require("express"));
const zod_1 = require("zod");
const password_1 = require("./password");
const sessions_1 = require("./sessions");
exports.SESSION_COOKIE = 'cg_dashboard';
const RANK = { viewer: 0, officer: 1, admin: 2 };
function apiError(res, status, code, message, extra = {}) {
    res.status(status).json({ error: { code, message, ...extra } });
}
function principalOf(res) {
    const p = res.locals.principal;
    if (!p)
        throw new Error('principalOf: authenticate() did not run for this route');
    return p;
}
const loginSchema = zod_1.z.strictObject({ name: zod_1.z.string().min(1).max(64), password: zod_1.z.string().min(1).max(1024) });
function clientIp(req) {
    return req.socket.remoteAddress ?? 'unknown';
}
/** A request whose Origin (or Fetch-Metadata) says it came from another site is refused outright. */
function crossSite(req) {
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none')
        return true;
    const origin = req.headers.origin;
    if (typeof origin !== 'string')
        return false;
    try {
        return new URL(origin).host !== req.headers.host;
    }
    catch {
        return true;
    }
}
function createAuth(o) {
    const cookieFor = (value, maxAgeSeconds) => (0, sessions_1.sessionCookie)(exports.SESSION_COOKIE, value, { maxAgeSeconds, secure: o.config.secure_cookie });
    const authenticate = (req, res, next) => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (bearer) {
            // Compare against every officer so the time taken does not say which one matched.
            let found;
            for (const officer of o.config.officers)
                if ((0, password_1.tokenMatchesHash)(bearer, officer.token_hash) && !found)
                    found = officer;
            if (!found)
                return apiError(res, 401, 'unauthorized', 'the bearer token matches no officer; make one with `compliance-gateway dashboard new-token` and put its hash in dashboard.officers');
            res.locals.principal = { officer: found.name, role: found.role, via: 'token', csrf: null };
            return next();
        }
        const session = o.sessions.get((0, sessions_1.readCookie)(req.headers.cookie, exports.SESSION_COOKIE));
        if (!session)
            return apiError(res, 401, 'unauthorized', 'log in at /dashboard, or send `Authorization: Bearer <token>`');
        res.locals.principal = { officer: session.officer, role: session.role, via: 'session', csrf: session.csrf };
        next();
    };
    /** Mutations from the page must carry the session's CSRF token and must not come from another site. */
    const csrf = (req, res, next) => {
        if (req.method === 'GET' || req.method === 'HEAD')
            return next();
        const p = principalOf(res);
        if (p.via === 'token')
            return next();
        const given = req.headers['x-csrf-token'];
        if (crossSite(req) || typeof given !== 'string' || !p.csrf || !(0, password_1.secretsEqual)(given, p.csrf)) {
            return apiError(res, 403, 'csrf', 'missing or wrong x-csrf-token: reload the dashboard and try again');
        }
        next();
    };
    const requireRole = (role) => (_req, res, next) => {
        const p = principalOf(res);
        if (RANK[p.role] < RANK[role])
            return apiError(res, 403, 'forbidden', `this needs the ${role} role; ${p.officer} is ${p.role}`);
        next();
    };
    const login = async (req, res) => {
        if (o.config.officers.length === 0)
            return apiError(res, 503, 'not_configured', 'no officers are configured: add dashboard.officers to the gateway config (see README "Dashboard")');
        if (crossSite(req))
            return apiError(res, 403, 'csrf', 'log in from the dashboard page itself');
        const parsed = loginSchema.safeParse(req.body);
        if (!parsed.success)
            return apiError(res, 400, 'invalid_request', 'send JSON {"name": "...", "password": "..."}');
        const { name, password } = parsed.data;
        const ip = clientIp(req);
        const wait = o.limiter.retryAfter(ip, name);
        if (wait > 0) {
            res.setHeader('retry-after', String(wait));
            return apiError(res, 429, 'rate_limited', `too many failed logins; try again in ${wait} s`, { retry_after: wait });
        }
        const officer = o.config.officers.find((x) => x.name === name);
        // verifyPassword runs scrypt even for unknown names, so timing does not reveal which names exist.
        const ok = await (0, password_1.verifyPassword)(password, officer?.password_hash);
        if (!ok || !officer) {
            o.limiter.fail(ip, name);
            return apiError(res, 401, 'unauthorized', 'wrong name or password');
        }
        o.limiter.succeed(ip, name);
        const { id, session } = o.sessions.create(officer.name, officer.role);
        res.setHeader('set-cookie', cookieFor(id, (session.expiresAt - session.createdAt) / 1000));
        res.json({ officer: session.officer, role: session.role, csrf: session.csrf });
    };
    const logout = (req, res) => {
        o.sessions.destroy((0, sessions_1.readCookie)(req.headers.cookie, exports.SESSION_COOKIE));
        res.setHeader('set-cookie', cookieFor('', 0));
        res.status(204).end();
    };
    const me = (_req, res) => {
        const p = principalOf(res);
        res.json({ officer: p.officer, role: p.role, csrf: p.csrf });
    };
    const router = express_1.default.Router();
    router.post('/session', express_1.default.json({ limit: '8kb' }), (req, res, next) => void login(req, res).catch(next));
    router.get('/session', authenticate, me);
    router.delete('/session', authenticate, csrf, logout);
    return { router, authenticate, csrf, requireRole };
}
