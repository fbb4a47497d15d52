/** OpenAI-shaped error bodies, and the Azure OpenAI content-filter refusal that SDKs understand. */
import { GatewayError, openAiErrorType } from '../errors';
import type { Finding } from '../types';
import { contentFilterResults } from './openai-output';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string; innererror?: unknown };
}

export function openAiError(err: GatewayError): OpenAiErrorBody {
  return { error: { message: err.message, type: openAiErrorType(err.code), param: err.param, code: err.code } };
}

/** HTTP 400 body for a blocked prompt (Azure OpenAI's ResponsibleAIPolicyViolation shape). */
export function promptBlockedError(message: string, findings: Finding[]): OpenAiErrorBody {
  return {
    error: {
      message,
      type: 'invalid_request_error',
      param: 'prompt',
      code: 'content_filter',
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: contentFilterResults(findings) },
    },
  };
}
