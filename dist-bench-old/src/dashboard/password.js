"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SCRYPT_DEFAULTS = void 0;
exports.hashPassword = hashPassword;
exports.verifyPassword = verifyPassword;
exports.newToken = newToken;
exports.hashToken = hashToken;
exports.tokenMatchesHash = tokenMatchesHash;
exports.secretsEqual = secretsEqual;
/**
 * Officer credentials: passwords as scrypt hashes (node:crypto, no dependency), API tokens as
 * SHA-256 hashes (a random 32-byte token needs no stretching). Every comparison is constant-time.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const node_util_1 = require("node:util");
const scrypt = (0, node_util_1.promisify)(node_crypto_1.default.scrypt);
/** OWASP's scrypt minimum (N=2^17, r=8, p=1) costs 128 MiB per login; 2^15 keeps ~32 MiB and ~50 ms. */
exports.SCRYPT_DEFAULTS = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
function maxmem(N, r) {
    return 128 * N * r * 2;
}
async function hashPassword(password, params = exports.SCRYPT_DEFAULTS) {
    const salt = node_crypto_1.default.randomBytes(16);
    const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: maxmem(params.N, params.r) });
    return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}
function parseHash(stored) {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt')
        return null;
    const [N, r, p] = parts.slice(1, 4).map(Number);
    // N must be a power of two; bounds keep a hostile config from costing gigabytes per login.
    if (!Number.isInteger(N) || N < 1024 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16)
        return null;
    return { N, r, p, salt: Buffer.from(parts[4], 'base64'), key: Buffer.from(parts[5], 'base64') };
}
/** A well-formed hash nobody knows the password of: unknown names cost the same time as known ones. */
const DECOY = `scrypt$${exports.SCRYPT_DEFAULTS.N}$${exports.SCRYPT_DEFAULTS.r}$${exports.SCRYPT_DEFAULTS.p}$${node_crypto_1.default.randomBytes(16).toString('base64')}$${node_crypto_1.default.randomBytes(KEY_LENGTH).toString('base64')}`;
/** True when `password` matches `stored`; a missing or malformed hash runs the decoy and fails. */
async function verifyPassword(password, stored) {
    const parsed = parseHash(stored ?? '');
    const h = parsed ?? parseHash(DECOY);
    const key = await scrypt(password.normalize('NFC'), h.salt, h.key.length || KEY_LENGTH, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
    return parsed !== null && key.length === h.key.length && node_crypto_1.default.timingSafeEqual(key, h.key);
}
function newToken() {
    return node_crypto_1.default.randomBytes(32).toString('base64url');
}
function hashToken(token) {
    return `sha256$${node_crypto_1.default.createHash('sha256').update(token).digest('hex')}`;
}
/** Constant-time: both sides are fixed-length digests of what they stand for. */
function tokenMatchesHash(token, stored) {
    const given = node_crypto_1.default.createHash('sha256').update(hashToken(token)).digest();
    const want = node_crypto_1.default.createHash('sha256').update(stored ?? '').digest();
    return node_crypto_1.default.timingSafeEqual(given, want) && stored !== undefined;
}
/** Constant-time equality of two short secrets (CSRF tokens). */
function secretsEqual(a, b) {
    const x = node_crypto_1.default.createHash('sha256').update(a).digest();
    const y = node_crypto_1.default.createHash('sha256').update(b).digest();
    return node_crypto_1.default.timingSafeEqual(x, y);
}
