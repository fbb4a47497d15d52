/**
 * Retraining rows in OpenAI's fine-tuning file formats (one JSON object per line):
 *   sft:        {"messages":[…prompt, {"role":"assistant","content":<refusal>}]}
 *   preference: {"input":{"messages":[…prompt]},"preferred_output":[{"role":"assistant","content":<refusal>}],
 *                "non_preferred_output":[{"role":"assistant","content":<the violating output>}]}
 * The compliant answer is the policy's refusal text in the prompt's language. The shapes match the
 * `openai` package's ChatCompletionMessageParam (checked in the tests).
 */
import type { Example } from '../../audit/examples';
import type { ChatMessage } from '../../audit/prompt';
import { refusalFor } from './language';

export interface AssistantMessage {
  role: 'assistant';
  content: string;
}
export interface SftRow {
  messages: (ChatMessage | AssistantMessage)[];
}
export interface PreferenceRow {
  input: { messages: ChatMessage[] };
  preferred_output: AssistantMessage[];
  non_preferred_output: AssistantMessage[];
}

export type Refusal = { defaultLang: string; text: Record<string, string> };

/** Why an item gave no row; counted and printed after the export. */
export type SkipReason = 'no_prompt' | 'no_output';

/** The prompt up to (not including) any trailing assistant turn: the model must answer it. */
function promptMessages(prompt: ChatMessage[]): ChatMessage[] {
  let end = prompt.length;
  while (end > 0 && prompt[end - 1].role === 'assistant') end--;
  return prompt.slice(0, end);
}

function userText(messages: ChatMessage[]): string {
  return messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n') || messages.map((m) => m.content).join('\n');
}

export function sftRow(e: Example, refusal: Refusal): SftRow | SkipReason {
  const messages = e.prompt ? promptMessages(e.prompt) : [];
  if (messages.length === 0) return 'no_prompt';
  return { messages: [...messages, { role: 'assistant', content: refusalFor(userText(messages), refusal) }] };
}

export function preferenceRow(e: Example, refusal: Refusal): PreferenceRow | SkipReason {
  const messages = e.prompt ? promptMessages(e.prompt) : [];
  if (messages.length === 0) return 'no_prompt';
  if (e.output === null || e.output === '') return 'no_output';
  return {
    input: { messages },
    preferred_output: [{ role: 'assistant', content: refusalFor(userText(messages), refusal) }],
    non_preferred_output: [{ role: 'assistant', content: e.output }],
  };
}
