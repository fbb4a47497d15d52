/**
 * Dashboard sessions, in memory: a restart logs everyone out, which is the safe failure. The cookie
 * carries a random 256-bit id; the map is keyed by its SHA-256, so a heap dump does not hold live
 * cookies. Each session has its own CSRF token, which the page sends back in `x-csrf-token`.
 */
import crypto from 'node:crypto';
import { OldestFirst } from '../util/oldest-first';
import type { Role } from './config';

export interface Session {
  officer: string;
  role: Role;
  csrf: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionStoreOptions {
  ttlMs: number;
  now?: () => number;
  /** Bound on live sessions; the oldest is dropped beyond it (a login flood cannot grow the heap). */
  maxSessions?: number;
}

const digest = (id: string): string => crypto.createHash('sha256').update(id).digest('hex');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly eviction = new OldestFirst(this.sessions);
  private readonly now: () => number;
  private readonly max: number;

  constructor(private readonly opts: SessionStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.max = opts.maxSessions ?? 10_000;
  }

  /** Returns the cookie value; only its hash is kept. */
  create(officer: string, role: Role): { id: string; session: Session } {
    const id = crypto.randomBytes(32).toString('base64url');
    const t = this.now();
    const session: Session = { officer, role, csrf: crypto.randomBytes(24).toString('base64url'), createdAt: t, expiresAt: t + this.opts.ttlMs };
    this.eviction.trim(this.max - 1);
    this.sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session for a cookie value, renewed (sliding expiry); null when unknown or expired. */
  get(id: string | undefined): Session | null {
    if (!id) return null;
    const key = digest(id);
    const s = this.sessions.get(key);
    if (!s) return null;
    const t = this.now();
    if (s.expiresAt <= t) {
      this.sessions.delete(key);
      return null;
    }
    s.expiresAt = t + this.opts.ttlMs;
    return s;
  }

  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  /** Live sessions (expired ones are dropped when next looked up). */
  size(): number {
    return this.sessions.size;
  }
}

/** Reads one cookie from a Cookie header; no cookie library needed for one name. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), and scoped to
 * the API path: the page itself is static, and a cookie with Path=/ would also ride along on
 * same-origin requests to the model routes /v1/*, which are forwarded upstream.
 */
export const COOKIE_PATH = '/compliance/v1';

export function sessionCookie(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}${o.secure ? '; Secure' : ''}`;
}
