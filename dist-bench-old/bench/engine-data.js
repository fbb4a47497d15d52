"use strict";
/**
 * Deterministic synthetic data for the engine benchmark: a keyword list (Chinese and English, like
 * a licensed lexicon in size and shape, with no real content) and texts that contain some of them.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.syntheticKeywords = syntheticKeywords;
exports.syntheticText = syntheticText;
const prng_1 = require("../src/util/prng");
/** The 3,500 most used simplified characters occupy roughly this range; a contiguous slice is enough. */
function hanziPool() {
    const pool = [];
    for (let cp = 0x4e00; pool.length < 3500; cp += 3)
        pool.push(String.fromCharCode(cp));
    return pool;
}
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'zan', 'pro', 'vel', 'dur', 'sha', 'nix', 'bor', 'qui', 'ret', 'fen', 'gal', 'hum', 'jor', 'wex', 'yol', 'cid'];
/** Prose syllables differ from keyword syllables, so keywords appear only where they are injected. */
const PROSE = ['the', 'and', 'ing', 'on', 'is', 'al', 'ment', 'ab', 'ex', 'un', 'de', 're', 'so', 'im', 'ly', 'ure'];
function englishWord(next, syllables = SYLLABLES) {
    const n = 2 + Math.floor(next() * 3);
    let w = '';
    for (let i = 0; i < n; i++)
        w += syllables[Math.floor(next() * syllables.length)];
    return w;
}
/** `count` distinct keywords: 70% Chinese (2-6 characters), 30% English (1-3 words). */
function syntheticKeywords(count, seed = 1) {
    const next = (0, prng_1.mulberry32)(seed);
    const pool = hanziPool();
    const out = new Set();
    while (out.size < count) {
        if (next() < 0.7) {
            const len = 2 + Math.floor(next() * 5);
            let w = '';
            for (let i = 0; i < len; i++)
                w += pool[Math.floor(next() * pool.length)];
            out.add(w);
        }
        else {
            const words = 1 + Math.floor(next() * 3);
            out.add(Array.from({ length: words }, () => englishWord(next)).join(' '));
        }
    }
    return [...out];
}
/** About `chars` characters of mixed Chinese and English prose with ~1 keyword per 500 characters. */
function syntheticText(chars, keywords, seed = 2) {
    const next = (0, prng_1.mulberry32)(seed);
    const pool = hanziPool();
    const parts = [];
    let size = 0;
    while (size < chars) {
        let piece;
        const r = next();
        if (r < 0.002)
            piece = keywords[Math.floor(next() * keywords.length)];
        else if (r < 0.6)
            piece = pool[Math.floor(next() * pool.length)];
        else if (r < 0.65)
            piece = '，';
        else if (r < 0.9)
            piece = ` ${englishWord(next, PROSE)}`;
        else
            piece = ` ${Math.floor(next() * 100000)}`;
        parts.push(piece);
        size += piece.length;
    }
    return parts.join('').slice(0, chars);
}
