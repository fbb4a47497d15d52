"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sftRow = sftRow;
exports.preferenceRow = preferenceRow;
const language_1 = require("./language");
/** The prompt up to (not including) any trailing assistant turn: the model must answer it. */
function promptMessages(prompt) {
    let end = prompt.length;
    while (end > 0 && prompt[end - 1].role === 'assistant')
        end--;
    return prompt.slice(0, end);
}
function userText(messages) {
    return messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n') || messages.map((m) => m.content).join('\n');
}
function sftRow(e, refusal) {
    const messages = e.prompt ? promptMessages(e.prompt) : [];
    if (messages.length === 0)
        return 'no_prompt';
    return { messages: [...messages, { role: 'assistant', content: (0, language_1.refusalFor)(userText(messages), refusal) }] };
}
function preferenceRow(e, refusal) {
    const messages = e.prompt ? promptMessages(e.prompt) : [];
    if (messages.length === 0)
        return 'no_prompt';
    if (e.output === null || e.output === '')
        return 'no_output';
    return {
        input: { messages },
        preferred_output: [{ role: 'assistant', content: (0, language_1.refusalFor)(userText(messages), refusal) }],
        non_preferred_output: [{ role: 'assistant', content: e.output }],
    };
}
