"use strict";
/**
 * Echo text extraction for the demo upstream: find the text the user just said, in each of the
 * OpenAI request shapes. Request bodies arrive as `unknown`; these guards are the only place that
 * looks inside them.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMO_ECHO_PREFIX = void 0;
exports.contentText = contentText;
exports.chatUserText = chatUserText;
exports.completionPromptText = completionPromptText;
exports.responsesInputText = responsesInputText;
exports.echoReply = echoReply;
exports.isRecord = isRecord;
exports.DEMO_ECHO_PREFIX = '[demo echo] ';
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Text of a message `content`: a plain string, or the text parts of a content array
 * (chat uses `{type:'text', text}`, Responses uses `{type:'input_text', text}`); images,
 * audio and files carry no echoable text and are skipped.
 */
function contentText(content) {
    if (typeof content === 'string')
        return content;
    if (!Array.isArray(content))
        return '';
    return content
        .filter(isRecord)
        .filter((part) => (part.type === 'text' || part.type === 'input_text') && typeof part.text === 'string')
        .map((part) => part.text)
        .join('');
}
/** Content of the last item with `role: 'user'` in a message list, or '' if there is none. */
function lastUserText(items) {
    if (!Array.isArray(items))
        return '';
    for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (isRecord(item) && item.role === 'user')
            return contentText(item.content);
    }
    return '';
}
/** Chat completions: the last user message. */
function chatUserText(body) {
    return isRecord(body) ? lastUserText(body.messages) : '';
}
/** Legacy completions: the prompt, or the first prompt of a batch (token-id prompts have no text). */
function completionPromptText(body) {
    if (!isRecord(body))
        return '';
    const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
    return typeof prompt === 'string' ? prompt : '';
}
/** Responses API: `input` as a string, or the last user message of an input item list. */
function responsesInputText(body) {
    if (!isRecord(body))
        return '';
    return typeof body.input === 'string' ? body.input : lastUserText(body.input);
}
/** The default `reply`: "[demo echo] " followed by what the user said on that endpoint. */
function echoReply(body, path) {
    if (path.endsWith('/chat/completions'))
        return exports.DEMO_ECHO_PREFIX + chatUserText(body);
    if (path.endsWith('/completions'))
        return exports.DEMO_ECHO_PREFIX + completionPromptText(body);
    if (path.endsWith('/responses'))
        return exports.DEMO_ECHO_PREFIX + responsesInputText(body);
    if (path.endsWith('/messages'))
        return exports.DEMO_ECHO_PREFIX + chatUserText(body);
    return exports.DEMO_ECHO_PREFIX;
}
