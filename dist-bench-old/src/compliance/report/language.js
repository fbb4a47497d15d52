"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.promptLang = promptLang;
exports.refusalFor = refusalFor;
/** The language of a prompt, for choosing the policy's refusal text (zh when Chinese dominates). */
const normalize_1 = require("../../policy/normalize");
function promptLang(text, available, fallback) {
    let cjk = 0;
    let latin = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const lower = c | 0x20;
        if (lower >= 0x61 && lower <= 0x7a)
            latin++;
        else if (c >= 0x2e80 && (0, normalize_1.isCjk)(text.codePointAt(i) ?? c))
            cjk++;
    }
    const lang = cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en';
    return available[lang] ? lang : fallback;
}
function refusalFor(text, refusal) {
    return refusal.text[promptLang(text, refusal.text, refusal.defaultLang)] ?? Object.values(refusal.text)[0] ?? '';
}
