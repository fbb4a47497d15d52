/**
 * Officer credentials: passwords as scrypt hashes (node:crypto, no dependency), API tokens as
 * SHA-256 hashes (a random 32-byte token needs no stretching). Every comparison is constant-time.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** OWASP's scrypt minimum (N=2^17, r=8, p=1) costs 128 MiB per login; 2^15 keeps ~32 MiB and ~50 ms. */
export const SCRYPT_DEFAULTS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function maxmem(N: number, r: number): number {
  return 128 * N * r * 2;
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_DEFAULTS): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: maxmem(params.N, params.r) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  // N must be a power of two; bounds keep a hostile config from costing gigabytes per login.
  if (!Number.isInteger(N) || N < 1024 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { N, r, p, salt: Buffer.from(parts[4], 'base64'), key: Buffer.from(parts[5], 'base64') };
}

/** A well-formed hash nobody knows the password of: unknown names cost the same time as known ones. */
const DECOY = `scrypt$${SCRYPT_DEFAULTS.N}$${SCRYPT_DEFAULTS.r}$${SCRYPT_DEFAULTS.p}$${crypto.randomBytes(16).toString('base64')}$${crypto.randomBytes(KEY_LENGTH).toString('base64')}`;

/** True when `password` matches `stored`; a missing or malformed hash runs the decoy and fails. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parsed = parseHash(stored ?? '');
  const h = parsed ?? (parseHash(DECOY) as ParsedHash);
  const key = await scrypt(password.normalize('NFC'), h.salt, h.key.length || KEY_LENGTH, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
  return parsed !== null && key.length === h.key.length && crypto.timingSafeEqual(key, h.key);
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return `sha256$${crypto.createHash('sha256').update(token).digest('hex')}`;
}

/** Constant-time: both sides are fixed-length digests of what they stand for. */
export function tokenMatchesHash(token: string, stored: string | undefined): boolean {
  const given = crypto.createHash('sha256').update(hashToken(token)).digest();
  const want = crypto.createHash('sha256').update(stored ?? '').digest();
  return crypto.timingSafeEqual(given, want) && stored !== undefined;
}

/** Constant-time equality of two short secrets (CSRF tokens). */
export function secretsEqual(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}
