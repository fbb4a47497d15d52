"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isInvisible = exports.isCjk = void 0;
exports.normalize = normalize;
exports.normalizeTransient = normalizeTransient;
exports.normalizeText = normalizeText;
exports.toOriginalSpan = toOriginalSpan;
/**
 * Text normalization with an offset map back to the original, so that a match found in the
 * normalized text points at exactly what the user wrote (for excerpts and redaction).
 *
 * Per code point (see fold-table.ts): NFKC, case folding, invisible characters removed and counted,
 * full/half width, look-alike letters, traditional → simplified Chinese, financial numerals. Then:
 * whitespace runs collapse to one space and whitespace next to CJK characters is dropped (Chinese
 * has no spaces between words, so "制作 炸弹" is "制作炸弹"); runs of three or more of the same letter
 * or Chinese character count as one ("fuuuck", "炸炸炸弹"); leetspeak folds inside letter runs only
 * (leet.ts). The hot loop reads one precomputed table entry per UTF-16 unit and writes typed arrays.
 */
const fold_table_1 = require("./fold-table");
Object.defineProperty(exports, "isCjk", { enumerable: true, get: function () { return fold_table_1.isCjk; } });
Object.defineProperty(exports, "isInvisible", { enumerable: true, get: function () { return fold_table_1.isInvisible; } });
const leet_1 = require("./leet");
const SPACE = 0x20;
const decoder = new TextDecoder('utf-16le');
function isCjkUnit(u) {
    return (u >= 0x3400 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff) || (u >= 0x3000 && u <= 0x303f) || (u >= 0xd840 && u <= 0xd87f);
}
/** Letters and ideographs whose long runs collapse; digits never do ("1000" stays). */
function collapsible(u) {
    return (u >= 0x61 && u <= 0x7a) || (u >= 0x3400 && u <= 0x9fff);
}
/** Growable output buffers of the normalizer. */
class Out {
    codes;
    starts;
    ends;
    n = 0;
    /** Length of the current run of one repeated unit (for collapsing). */
    run = 0;
    constructor(capacity) {
        this.codes = new Uint16Array(capacity);
        this.starts = new Int32Array(capacity);
        this.ends = new Int32Array(capacity);
    }
    /** Empties the buffers for reuse, growing them to at least `capacity`. */
    reset(capacity) {
        this.n = 0;
        this.run = 0;
        if (capacity > this.codes.length) {
            this.codes = new Uint16Array(capacity);
            this.starts = new Int32Array(capacity);
            this.ends = new Int32Array(capacity);
        }
    }
    grow() {
        const cap = this.codes.length * 2 + 16;
        const codes = new Uint16Array(cap);
        const starts = new Int32Array(cap);
        const ends = new Int32Array(cap);
        codes.set(this.codes);
        starts.set(this.starts);
        ends.set(this.ends);
        this.codes = codes;
        this.starts = starts;
        this.ends = ends;
    }
    push(unit, start, end) {
        const n = this.n;
        if (n > 0 && this.codes[n - 1] === unit && collapsible(unit)) {
            this.run++;
            if (this.run >= 3) {
                // Third of a run: drop the second copy and stretch the first over the whole run.
                if (this.run === 3)
                    this.n--;
                this.ends[this.n - 1] = end;
                return;
            }
        }
        else {
            this.run = 1;
        }
        if (n === this.codes.length)
            this.grow();
        this.codes[this.n] = unit;
        this.starts[this.n] = start;
        this.ends[this.n] = end;
        this.n++;
    }
}
/**
 * One buffer set reused by every call (normalization is synchronous, so calls never interleave):
 * loading a million-entry keyword list must not allocate three typed arrays per entry.
 */
const shared = new Out(4096);
/** Normalizes into `shared`; returns the number of invisible characters removed. */
function fold(original) {
    const table = (0, fold_table_1.foldTable)();
    const len = original.length;
    const out = shared;
    out.reset(len + 8);
    let invisibles = 0;
    // A pending space is emitted only once we know the next visible character is not CJK.
    let spaceStart = -1;
    let spaceEnd = -1;
    let lastWasCjk = false;
    let i = 0;
    while (i < len) {
        const u = original.charCodeAt(i);
        const f = table[u];
        if (f > SPACE && f !== fold_table_1.COMPLEX) {
            // Fast path, most characters: one visible unit in, one out.
            const cjk = isCjkUnit(f);
            if (spaceStart >= 0) {
                if (!cjk) {
                    out.push(SPACE, spaceStart, spaceEnd);
                    out.run = 0;
                }
                spaceStart = -1;
            }
            out.push(f, i, i + 1);
            lastWasCjk = cjk;
            i++;
            continue;
        }
        let width = 1;
        let single = f;
        let multi = null;
        if (f === fold_table_1.COMPLEX) {
            const cp = original.codePointAt(i);
            width = cp > 0xffff ? 2 : 1;
            const folded = (0, fold_table_1.foldSlow)(cp);
            if (folded.text.length === 0)
                single = folded.counted ? fold_table_1.DROP_COUNTED : fold_table_1.DROP_SILENT;
            else if (folded.text === ' ')
                single = SPACE;
            else
                multi = folded.text;
        }
        if (multi === null && single === fold_table_1.DROP_COUNTED)
            invisibles++;
        else if (multi === null && single === fold_table_1.DROP_SILENT) {
            // combining mark or control character: nothing to emit
        }
        else if (multi === null && single === SPACE) {
            if (out.n > 0 && !lastWasCjk && spaceStart < 0) {
                spaceStart = i;
                spaceEnd = i + width;
            }
        }
        else {
            const first = multi === null ? single : multi.charCodeAt(0);
            const cjk = isCjkUnit(first);
            if (spaceStart >= 0 && !cjk) {
                out.push(SPACE, spaceStart, spaceEnd);
                out.run = 0;
            }
            spaceStart = -1;
            if (multi === null)
                out.push(single, i, i + width);
            else {
                // NFKC can turn one character into several ("⑩" → "10", "½" → "1⁄2"); each maps to it.
                for (let k = 0; k < multi.length; k++)
                    out.push(multi.charCodeAt(k), i, i + width);
                out.run = 0;
            }
            lastWasCjk = cjk;
        }
        i += width;
    }
    (0, leet_1.foldLeet)(out.codes, out.n);
    return invisibles;
}
function normalize(original) {
    const invisibles = fold(original);
    const n = shared.n;
    const codes = shared.codes.slice(0, n);
    return { text: decoder.decode(codes), codes, starts: shared.starts.slice(0, n), ends: shared.ends.slice(0, n), invisibles };
}
/**
 * Like `normalize`, but the arrays are views of buffers the next call overwrites: for a caller that
 * is done with the result before it normalizes anything else (the keyword detector's hot path),
 * saving three allocations and copies per text.
 */
function normalizeTransient(original) {
    const invisibles = fold(original);
    const n = shared.n;
    const codes = shared.codes.subarray(0, n);
    return { text: decoder.decode(codes), codes, starts: shared.starts.subarray(0, n), ends: shared.ends.subarray(0, n), invisibles };
}
/** The normalized text alone (no offset map): for keyword entries and other rule text. */
function normalizeText(original) {
    fold(original);
    return decoder.decode(shared.codes.subarray(0, shared.n));
}
/** Maps a [start, end) span of the normalized text back to the original text. */
function toOriginalSpan(n, start, end) {
    return [n.starts[start], n.ends[end - 1]];
}
