"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.endUserOf = endUserOf;
exports.checkEndUser = checkEndUser;
exports.recordStrike = recordStrike;
exports.userSuspendedMessage = userSuspendedMessage;
const strikes_1 = require("../audit/strikes");
const MAX_ID_LENGTH = 256;
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** The end-user id of a request, or null. Over-long ids are cut so one client cannot bloat the table. */
function endUserOf(body, headers, cfg) {
    // OpenAI: safety_identifier, then the older `user`; Anthropic: metadata.user_id.
    const anthropicUser = isRecord(body) && isRecord(body.metadata) ? body.metadata.user_id : undefined;
    const fromBody = isRecord(body) ? [body.safety_identifier, body.user, anthropicUser].find((v) => typeof v === 'string' && v.trim() !== '') : undefined;
    const header = headers[cfg.end_user_header];
    const fromHeader = Array.isArray(header) ? header[0] : header;
    const id = fromBody ?? (fromHeader && fromHeader.trim() !== '' ? fromHeader.trim() : undefined);
    return id === undefined ? null : id.slice(0, MAX_ID_LENGTH);
}
function checkEndUser(store, _cfg, endUser) {
    if (endUser === null)
        return { allowed: true };
    const status = (0, strikes_1.userStatus)(store, endUser);
    if (status === 'ok')
        return { allowed: true };
    return { allowed: status !== 'suspended', status };
}
function recordStrike(store, cfg, s) {
    return (0, strikes_1.recordUserOutcome)(store, { consecutive: cfg.strikes.consecutive, perDay: cfg.strikes.per_day, action: cfg.strikes.action }, {
        endUser: s.endUser, violation: s.violation, ts: s.ts ?? Date.now(), requestId: s.requestId, category: s.category,
    });
}
const SUSPENDED_TEXT = {
    en: 'This account has been suspended for repeated content-policy violations. Contact the service operator to appeal.',
    zh: '该账号因多次违反内容安全规范已被暂停使用。如有异议，请联系服务提供者申诉。',
};
/** HTTP 403 body in OpenAI's error shape for a suspended end user. */
/** The refusal text for a suspended end user, in the prompt's language. */
function userSuspendedMessage(lang) {
    return SUSPENDED_TEXT[lang] ?? SUSPENDED_TEXT.en;
}
