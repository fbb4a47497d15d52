"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GatewayError = void 0;
exports.statusForCode = statusForCode;
exports.openAiErrorType = openAiErrorType;
class GatewayError extends Error {
    code;
    /** The request field the error is about, when there is one (OpenAI's `param`). */
    param;
    constructor(code, message, param = null) {
        super(message);
        this.name = 'GatewayError';
        this.code = code;
        this.param = param;
    }
}
exports.GatewayError = GatewayError;
function statusForCode(code) {
    switch (code) {
        case 'invalid_json':
        case 'invalid_utf8':
        case 'invalid_request':
        case 'content_filter':
            return 400;
        case 'unauthorized':
            return 401;
        case 'route_denied':
        case 'user_suspended':
            return 403;
        case 'not_found':
            return 404;
        case 'body_too_large':
            return 413;
        case 'rate_limited':
            return 429;
        case 'unsupported_media_type':
            return 415;
        case 'upstream_unreachable':
        case 'upstream_error':
        case 'upstream_response_too_large':
            return 502;
        case 'audit_unavailable':
            return 503;
        case 'upstream_timeout':
            return 504;
        case 'internal_error':
            return 500;
    }
}
/** OpenAI's `error.type` for a code: 4xx are the client's fault, the rest are server errors. */
function openAiErrorType(code) {
    const status = statusForCode(code);
    if (status === 401)
        return 'authentication_error';
    if (code === 'user_suspended')
        return 'permission_error';
    if (code === 'rate_limited')
        return 'rate_limit_error';
    if (status < 500)
        return 'invalid_request_error';
    return 'server_error';
}
