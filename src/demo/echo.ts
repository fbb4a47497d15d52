/**
 * Echo text extraction for the demo upstream: find the text the user just said, in each of the
 * OpenAI request shapes. Request bodies arrive as `unknown`; these guards are the only place that
 * looks inside them.
 */

export const DEMO_ECHO_PREFIX = '[demo echo] ';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Text of a message `content`: a plain string, or the text parts of a content array
 * (chat uses `{type:'text', text}`, Responses uses `{type:'input_text', text}`); images,
 * audio and files carry no echoable text and are skipped.
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .filter((part) => (part.type === 'text' || part.type === 'input_text') && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('');
}

/** Content of the last item with `role: 'user'` in a message list, or '' if there is none. */
function lastUserText(items: unknown): string {
  if (!Array.isArray(items)) return '';
  for (let i = items.length - 1; i >= 0; i--) {
    const item: unknown = items[i];
    if (isRecord(item) && item.role === 'user') return contentText(item.content);
  }
  return '';
}

/** Chat completions: the last user message. */
export function chatUserText(body: unknown): string {
  return isRecord(body) ? lastUserText(body.messages) : '';
}

/** Legacy completions: the prompt, or the first prompt of a batch (token-id prompts have no text). */
export function completionPromptText(body: unknown): string {
  if (!isRecord(body)) return '';
  const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
  return typeof prompt === 'string' ? prompt : '';
}

/** Responses API: `input` as a string, or the last user message of an input item list. */
export function responsesInputText(body: unknown): string {
  if (!isRecord(body)) return '';
  return typeof body.input === 'string' ? body.input : lastUserText(body.input);
}

/** The default `reply`: "[demo echo] " followed by what the user said on that endpoint. */
export function echoReply(body: unknown, path: string): string {
  if (path.endsWith('/chat/completions')) return DEMO_ECHO_PREFIX + chatUserText(body);
  if (path.endsWith('/completions')) return DEMO_ECHO_PREFIX + completionPromptText(body);
  if (path.endsWith('/responses')) return DEMO_ECHO_PREFIX + responsesInputText(body);
  if (path.endsWith('/messages')) return DEMO_ECHO_PREFIX + chatUserText(body);
  return DEMO_ECHO_PREFIX;
}

export { isRecord };
