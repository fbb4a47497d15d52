"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.COMPLEX = exports.DROP_SILENT = exports.DROP_COUNTED = void 0;
exports.isInvisible = isInvisible;
exports.isCjk = isCjk;
exports.foldCodePoint = foldCodePoint;
exports.foldTable = foldTable;
exports.foldSlow = foldSlow;
// Only the traditional → simplified dictionaries (the package's t2cn entry point, ~3 MB less
// memory than the full build); typed by the full build's declarations, which it shares.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js/t2cn');
/** Table value for an invisible character: dropped and counted. */
exports.DROP_COUNTED = 0;
/** Table value for a combining mark or control character: dropped silently. */
exports.DROP_SILENT = 1;
/** Table value for a character that folds into several units: use `foldSlow`. */
exports.COMPLEX = 0xffff;
/** Default-ignorable and invisible code points that carry no visible text. */
function isInvisible(cp) {
    return (cp === 0x00ad || // soft hyphen
        cp === 0x034f || // combining grapheme joiner
        cp === 0x061c || // Arabic letter mark
        cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || // Hangul fillers
        cp === 0x180e || // Mongolian vowel separator
        (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM/RLM
        (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
        (cp >= 0x2060 && cp <= 0x2064) || // word joiner, invisible operators
        (cp >= 0x2066 && cp <= 0x206f) || // bidi isolates, deprecated format chars
        cp === 0xfeff || // BOM / zero-width no-break space
        (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
        (cp >= 0xe0000 && cp <= 0xe007f) || // tag characters
        (cp >= 0xe0100 && cp <= 0xe01ef) // variation selectors supplement
    );
}
function isCjk(cp) {
    return ((cp >= 0x3400 && cp <= 0x4dbf) ||
        (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0x20000 && cp <= 0x3134f) ||
        (cp >= 0x3000 && cp <= 0x303f) // CJK punctuation
    );
}
/** Combining diacritics: strike-through and "zalgo" marks laid over Latin letters. */
function isCombiningMark(cp) {
    return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f);
}
/** Look-alikes after lower-casing: Cyrillic, Greek, IPA and small capitals that read as Latin. */
const CONFUSABLES = {
    а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
    і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ɡ: 'g', ѵ: 'v', ӏ: 'l',
    α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ς: 's',
    ı: 'i', ł: 'l', ƒ: 'f', ø: 'o', đ: 'd', ħ: 'h', ŧ: 't',
    ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
    ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};
/** Financial (anti-forgery) numerals written in place of the common ones. */
const NUMERALS = {
    壹: '一', 贰: '二', 貳: '二', 叁: '三', 參: '三', 肆: '四', 伍: '五', 陆: '六', 陸: '六', 柒: '七', 捌: '八', 玖: '九', 拾: '十', 佰: '百', 仟: '千',
};
let t2s = null;
/** Character-level traditional → simplified map, built once from opencc-js (one conversion call). */
function traditionalToSimplified() {
    if (t2s)
        return t2s;
    const convert = OpenCC.Converter({ from: 't', to: 'cn' });
    const chars = [];
    for (let cp = 0x3400; cp <= 0x9fff; cp++)
        chars.push(String.fromCharCode(cp));
    // One character per line, so phrase rules never join neighbours: the map stays per character.
    const converted = convert(chars.join('\n')).split('\n');
    t2s = new Map();
    if (converted.length === chars.length) {
        chars.forEach((ch, i) => {
            const out = converted[i];
            if (out !== ch && out.length === 1)
                t2s?.set(ch.charCodeAt(0), out.charCodeAt(0));
        });
    }
    return t2s;
}
/** Astral letters NFKC leaves alone: negative circled/squared letters and regional indicators. */
function astralLetter(cp) {
    if (cp >= 0x1f150 && cp <= 0x1f169)
        return String.fromCharCode(97 + cp - 0x1f150);
    if (cp >= 0x1f170 && cp <= 0x1f189)
        return String.fromCharCode(97 + cp - 0x1f170);
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff)
        return String.fromCharCode(97 + cp - 0x1f1e6);
    return null;
}
function foldUnit(ch, map) {
    let c = CONFUSABLES[ch] ?? ch;
    const code = c.charCodeAt(0);
    if (c.length === 1 && code >= 0xc0 && code < 0x250) {
        // Latin letter with a diacritic: keep the base letter when it is plain ASCII.
        const base = c.normalize('NFD')[0];
        if (base < '\u0080')
            c = base;
    }
    const simplified = map.get(c.charCodeAt(0));
    if (simplified !== undefined && c.length === 1)
        c = String.fromCharCode(simplified);
    return NUMERALS[c] ?? c;
}
/**
 * Folds one code point. Returns null when it is dropped: `counted` tells the caller whether the
 * drop was an invisible character (a risk signal) or a silent one (combining mark, control).
 */
function foldCodePoint(cp) {
    if (isInvisible(cp))
        return { text: '', counted: true };
    const ch = String.fromCodePoint(cp);
    if (/\s/u.test(ch))
        return { text: ' ', counted: false };
    const control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
    if (control || isCombiningMark(cp))
        return { text: '', counted: false };
    const letter = astralLetter(cp);
    if (letter)
        return { text: letter, counted: false };
    const map = traditionalToSimplified();
    const nfkc = ch.normalize('NFKC').toLowerCase().normalize('NFKC');
    let out = '';
    for (const unit of nfkc) {
        const u = unit.codePointAt(0);
        if (isInvisible(u) || isCombiningMark(u))
            continue;
        out += foldUnit(unit, map);
    }
    return { text: out, counted: false };
}
let table = null;
/** The BMP folding table (built on first use, about 60 ms): value per UTF-16 unit, see constants. */
function foldTable() {
    if (table)
        return table;
    const t = new Uint16Array(0x10000);
    for (let u = 0; u < 0x10000; u++) {
        if (u >= 0xd800 && u <= 0xdfff) {
            t[u] = exports.COMPLEX; // surrogates: the loop reads the whole code point
            continue;
        }
        const { text, counted } = foldCodePoint(u);
        if (text.length === 0)
            t[u] = counted ? exports.DROP_COUNTED : exports.DROP_SILENT;
        else if (text.length === 1 && text.charCodeAt(0) > exports.DROP_SILENT && text.charCodeAt(0) !== exports.COMPLEX)
            t[u] = text.charCodeAt(0);
        else
            t[u] = exports.COMPLEX;
    }
    table = t;
    return t;
}
const slowCache = new Map();
/** Folding for astral code points and multi-unit results, cached. */
function foldSlow(cp) {
    let hit = slowCache.get(cp);
    if (!hit) {
        hit = foldCodePoint(cp);
        if (slowCache.size < 65536)
            slowCache.set(cp, hit);
    }
    return hit;
}
