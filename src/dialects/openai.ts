/** The OpenAI-compatible dialect: chat completions, completions, Responses and embeddings. */
import type { Dialect } from './dialect';
import { openAiError, promptBlockedError } from './openai-errors';
import { extractInput, type OpenAiRoute } from './openai-input';
import { applyOutputBlock, extractOutput } from './openai-output';
import { chatStreamAdapter } from './openai-stream';
import { responsesStreamAdapter } from './responses-stream';

export function openAiDialect(route: OpenAiRoute): Dialect {
  return {
    id: 'openai',
    route,
    extractInput: (body) => extractInput(route, body),
    extractOutput: (body) => extractOutput(route, body),
    applyOutputBlock: (body, segments, blocking, refusal) => applyOutputBlock(route, body, segments, blocking, refusal),
    promptBlocked: (refusal, findings) => ({ status: 400, body: promptBlockedError(refusal, findings) }),
    errorBody: openAiError,
    streamAdapter: () => (route === 'responses' ? responsesStreamAdapter() : chatStreamAdapter(route === 'completions' ? 'completions' : 'chat')),
  };
}
