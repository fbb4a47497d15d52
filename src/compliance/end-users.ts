/**
 * The request path's side of user strikes. The gateway calls, per request with an end-user id:
 *   endUserOf(body, headers, cfg)          → the id (OpenAI `safety_identifier`, then `user`, then the configured header)
 *   checkEndUser(store, cfg, endUser)      → before forwarding: a suspended user gets userSuspendedError (403)
 *   recordStrike(store, cfg, {...})        → after the decision: violation or clean
 */
import type { AuditStore } from '../audit/store';
import { recordUserOutcome, userStatus, type UserState } from '../audit/strikes';
import type { ComplianceConfig } from './config';

export type RestrictionStatus = 'warned' | 'limited' | 'suspended';

export interface EndUserCheck {
  allowed: boolean;
  /** Absent when the user has no restriction. 'limited' is allowed: the caller applies its own limit. */
  status?: RestrictionStatus;
}

const MAX_ID_LENGTH = 256;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The end-user id of a request, or null. Over-long ids are cut so one client cannot bloat the table. */
export function endUserOf(body: unknown, headers: Record<string, string | string[] | undefined>, cfg: ComplianceConfig): string | null {
  // OpenAI: safety_identifier, then the older `user`; Anthropic: metadata.user_id.
  const anthropicUser = isRecord(body) && isRecord(body.metadata) ? body.metadata.user_id : undefined;
  const fromBody = isRecord(body) ? [body.safety_identifier, body.user, anthropicUser].find((v): v is string => typeof v === 'string' && v.trim() !== '') : undefined;
  const header = headers[cfg.end_user_header];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const id = fromBody ?? (fromHeader && fromHeader.trim() !== '' ? fromHeader.trim() : undefined);
  return id === undefined ? null : id.slice(0, MAX_ID_LENGTH);
}

export async function checkEndUser(store: AuditStore, _cfg: ComplianceConfig, endUser: string | null): Promise<EndUserCheck> {
  if (endUser === null) return { allowed: true };
  const status = await userStatus(store, endUser);
  if (status === 'ok') return { allowed: true };
  return { allowed: status !== 'suspended', status };
}

export interface StrikeInput {
  endUser: string;
  /** True when the request's decision was a violation (the gateway's rule: every `block` counts). */
  violation: boolean;
  ts?: number;
  requestId?: string;
  category?: string;
}

export function recordStrike(store: AuditStore, cfg: ComplianceConfig, s: StrikeInput): Promise<UserState> {
  return recordUserOutcome(store, { consecutive: cfg.strikes.consecutive, perDay: cfg.strikes.per_day, action: cfg.strikes.action }, {
    endUser: s.endUser, violation: s.violation, ts: s.ts ?? Date.now(), requestId: s.requestId, category: s.category,
  });
}

const SUSPENDED_TEXT: Record<string, string> = {
  en: 'This account has been suspended for repeated content-policy violations. Contact the service operator to appeal.',
  zh: '该账号因多次违反内容安全规范已被暂停使用。如有异议，请联系服务提供者申诉。',
};

/** HTTP 403 body in OpenAI's error shape for a suspended end user. */
/** The refusal text for a suspended end user, in the prompt's language. */
export function userSuspendedMessage(lang: string): string {
  return SUSPENDED_TEXT[lang] ?? SUSPENDED_TEXT.en;
}
