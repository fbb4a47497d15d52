"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.foldLeet = foldLeet;
/**
 * Leetspeak folding, applied only inside letter runs: "h4ck", "b0mb", "@ss" and "k1ll" read as
 * letters, while numbers ("142,460", "100kg", "2024") stay digits. A run is a maximal sequence of
 * ASCII letters, digits and the symbols below; it is folded only when it holds at least one letter
 * and no three digits in a row (numbers with units and years keep their digits).
 */
const LEET = {
    0x30: 0x6f, // 0 → o
    0x31: 0x69, // 1 → i
    0x33: 0x65, // 3 → e
    0x34: 0x61, // 4 → a
    0x35: 0x73, // 5 → s
    0x37: 0x74, // 7 → t
    0x38: 0x62, // 8 → b
    0x40: 0x61, // @ → a
    0x24: 0x73, // $ → s
    0x21: 0x69, // ! → i
    0x7c: 0x6c, // | → l
};
function isLetter(c) {
    return c >= 0x61 && c <= 0x7a;
}
function isDigit(c) {
    return c >= 0x30 && c <= 0x39;
}
/** ASCII units that can be part of a leet run: letters, digits and the symbols of LEET. */
const IN_RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++)
    IN_RUN[c] = isLetter(c) || isDigit(c) || LEET[c] !== undefined ? 1 : 0;
function inRun(c) {
    return c < 128 && IN_RUN[c] === 1;
}
/** Symbols read as letters only between letters (or, for @ and $, before one): "hi!" keeps its "!". */
function symbolAllowed(codes, i, start, end) {
    const c = codes[i];
    const before = i > start && isLetter(codes[i - 1]);
    const after = i + 1 < end && isLetter(codes[i + 1]);
    if (c === 0x40 || c === 0x24)
        return after;
    return before && after;
}
function runQualifies(codes, start, end) {
    let letters = 0;
    let leet = 0;
    let digitRun = 0;
    for (let i = start; i < end; i++) {
        const c = codes[i];
        if (isLetter(c))
            letters++;
        else if (LEET[c] !== undefined)
            leet++;
        digitRun = isDigit(c) ? digitRun + 1 : 0;
        if (digitRun >= 3)
            return false;
    }
    return letters > 0 && leet > 0 && end - start >= 3;
}
/** Folds leetspeak in place in the first `n` units of `codes`; offsets are unchanged (1:1). */
function foldLeet(codes, n) {
    let i = 0;
    while (i < n) {
        if (!inRun(codes[i])) {
            i++;
            continue;
        }
        // Most runs are plain words or plain numbers: only runs mixing letters and leet units qualify.
        let end = i;
        while (end < n && inRun(codes[end]))
            end++;
        if (runQualifies(codes, i, end)) {
            // Digits first, so a symbol next to a folded digit ("@55") sees the letter it became.
            for (let k = i; k < end; k++)
                if (isDigit(codes[k]) && LEET[codes[k]] !== undefined)
                    codes[k] = LEET[codes[k]];
            for (let k = i; k < end; k++) {
                const to = LEET[codes[k]];
                if (to !== undefined && !isDigit(codes[k]) && symbolAllowed(codes, k, i, end))
                    codes[k] = to;
            }
        }
        i = end;
    }
}
