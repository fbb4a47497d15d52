"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.promptText = promptText;
exports.chatBody = chatBody;
exports.sizeLabel = sizeLabel;
/**
 * Benign chat requests of a given prompt size. The text mixes English and Chinese (both go through
 * normalisation and both keyword automata) and is built to trigger no rule: the runner checks one
 * request of each size comes back 200 before it measures, so a blocked prompt cannot pass for a fast one.
 */
const PARAGRAPH = 'Please summarise these notes from the gardening club meeting: we compared tomato varieties, ' +
    'agreed a compost schedule and a new watering rota, and planned the spring seed swap. ' +
    '请帮我总结园艺俱乐部的会议记录：我们比较了番茄品种，商定了堆肥和浇水安排。 ';
/** Prompt text of exactly `bytes` UTF-8 bytes or a few less (never cutting a character in half). */
function promptText(bytes) {
    let text = '';
    while (Buffer.byteLength(text) < bytes)
        text += PARAGRAPH;
    const points = Array.from(text);
    while (Buffer.byteLength(points.join('')) > bytes)
        points.pop();
    return points.join('').trimEnd();
}
function chatBody(promptBytes, stream) {
    return JSON.stringify({
        model: 'bench-model',
        stream,
        messages: [
            { role: 'system', content: 'You are a helpful assistant.' },
            { role: 'user', content: promptText(promptBytes) },
        ],
    });
}
function sizeLabel(bytes) {
    return bytes >= 1000 ? `${Math.round(bytes / 1000)} KB` : `${bytes} B`;
}
