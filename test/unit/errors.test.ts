import { statusForCode, openAiErrorType, type ErrorCode } from '../../src/errors';

describe('statusForCode', () => {
  const table: [ErrorCode, number, string][] = [
    ['invalid_json', 400, 'invalid_request_error'],
    ['invalid_utf8', 400, 'invalid_request_error'],
    ['invalid_request', 400, 'invalid_request_error'],
    ['content_filter', 400, 'invalid_request_error'],
    ['unauthorized', 401, 'authentication_error'],
    ['route_denied', 403, 'invalid_request_error'],
    ['not_found', 404, 'invalid_request_error'],
    ['body_too_large', 413, 'invalid_request_error'],
    ['unsupported_media_type', 415, 'invalid_request_error'],
    ['internal_error', 500, 'server_error'],
    ['upstream_unreachable', 502, 'server_error'],
    ['upstream_error', 502, 'server_error'],
    ['upstream_response_too_large', 502, 'server_error'],
    ['audit_unavailable', 503, 'server_error'],
    ['upstream_timeout', 504, 'server_error'],
  ];
  it.each(table)('maps %s to HTTP %i (%s)', (code, status, type) => {
    expect(statusForCode(code)).toBe(status);
    expect(openAiErrorType(code)).toBe(type);
  });
});
