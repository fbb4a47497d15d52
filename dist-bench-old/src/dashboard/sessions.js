"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.COOKIE_PATH = exports.SessionStore = void 0;
exports.readCookie = readCookie;
exports.sessionCookie = sessionCookie;
/**
 * Dashboard sessions, in memory: a restart logs everyone out, which is the safe failure. The cookie
 * carries a random 256-bit id; the map is keyed by its SHA-256, so a heap dump does not hold live
 * cookies. Each session has its own CSRF token, which the page sends back in `x-csrf-token`.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const digest = (id) => node_crypto_1.default.createHash('sha256').update(id).digest('hex');
class SessionStore {
    opts;
    sessions = new Map();
    now;
    max;
    constructor(opts) {
        this.opts = opts;
        this.now = opts.now ?? Date.now;
        this.max = opts.maxSessions ?? 10_000;
    }
    /** Returns the cookie value; only its hash is kept. */
    create(officer, role) {
        const id = node_crypto_1.default.randomBytes(32).toString('base64url');
        const t = this.now();
        const session = { officer, role, csrf: node_crypto_1.default.randomBytes(24).toString('base64url'), createdAt: t, expiresAt: t + this.opts.ttlMs };
        if (this.sessions.size >= this.max)
            this.sessions.delete(this.sessions.keys().next().value);
        this.sessions.set(digest(id), session);
        return { id, session };
    }
    /** The live session for a cookie value, renewed (sliding expiry); null when unknown or expired. */
    get(id) {
        if (!id)
            return null;
        const key = digest(id);
        const s = this.sessions.get(key);
        if (!s)
            return null;
        const t = this.now();
        if (s.expiresAt <= t) {
            this.sessions.delete(key);
            return null;
        }
        s.expiresAt = t + this.opts.ttlMs;
        return s;
    }
    destroy(id) {
        if (id)
            this.sessions.delete(digest(id));
    }
    /** Live sessions (expired ones are dropped when next looked up). */
    size() {
        return this.sessions.size;
    }
}
exports.SessionStore = SessionStore;
/** Reads one cookie from a Cookie header; no cookie library needed for one name. */
function readCookie(header, name) {
    if (!header)
        return undefined;
    for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name)
            return part.slice(eq + 1).trim();
    }
    return undefined;
}
/**
 * HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), and scoped to
 * the API path: the page itself is static, and a cookie with Path=/ would also ride along on
 * same-origin requests to the model routes /v1/*, which are forwarded upstream.
 */
exports.COOKIE_PATH = '/compliance/v1';
function sessionCookie(name, value, o) {
    return `${name}=${value}; Path=${exports.COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}${o.secure ? '; Secure' : ''}`;
}
