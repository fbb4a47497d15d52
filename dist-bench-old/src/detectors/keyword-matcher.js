"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KeywordMatcher = exports.DEFAULT_MAX_GAP = exports.DEFAULT_NOISE = void 0;
const keyword_expand_1 = require("../policy/keyword-expand");
const aho_corasick_1 = require("./aho-corasick");
/** Default noise: ASCII punctuation and decorative symbols evaders put between characters. */
exports.DEFAULT_NOISE = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~·•・★☆♥♡♪※→←↑↓■□◆◇○●◎°¤§¦¨¬¯´¸';
exports.DEFAULT_MAX_GAP = 2;
/** What a pattern of the automaton stands for. */
var Role;
(function (Role) {
    Role[Role["Keyword"] = 0] = "Keyword";
    Role[Role["Variant"] = 1] = "Variant";
    Role[Role["Reversed"] = 2] = "Reversed";
    Role[Role["Allow"] = 3] = "Allow";
    Role[Role["PartA"] = 4] = "PartA";
    Role[Role["PartB"] = 5] = "PartB";
})(Role || (Role = {}));
const WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;
function isWordUnit(code) {
    if (code < 0x80)
        return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
    return WORD_CHAR.test(String.fromCharCode(code));
}
class KeywordMatcher {
    entries;
    automaton;
    /** Per automaton pattern (typed arrays: 100k+ patterns, no objects): entry, role, length without noise. */
    patternEntry;
    patternRole;
    patternLength;
    noise = new Uint8Array(0x10000);
    maxGap;
    constructor(entries, options = {}) {
        this.entries = entries;
        const noise = options.noise ?? exports.DEFAULT_NOISE;
        for (const ch of noise)
            this.noise[ch.charCodeAt(0)] = 1;
        const texts = [];
        const entryOf = [];
        const roleOf = [];
        const add = (text, entry, role) => {
            texts.push(text);
            entryOf.push(entry);
            roleOf.push(role);
        };
        entries.forEach((e, i) => {
            if (e.near) {
                add(e.near.parts[0], i, Role.PartA);
                add(e.near.parts[1], i, Role.PartB);
                return;
            }
            if (e.kind === 'allow')
                return add(e.text, i, Role.Allow);
            add(e.text, i, Role.Keyword);
            for (const v of e.variants ?? [])
                add(v, i, Role.Variant);
            const rev = options.reversed === false ? null : (0, keyword_expand_1.reversedVariant)(e.text);
            if (rev)
                add(rev, i, Role.Reversed);
        });
        this.patternEntry = Int32Array.from(entryOf);
        this.patternRole = Uint8Array.from(roleOf);
        this.patternLength = new Int32Array(texts.length);
        texts.forEach((t, i) => {
            let length = 0;
            for (let k = 0; k < t.length; k++)
                if (this.noise[t.charCodeAt(k)] === 0)
                    length++;
            this.patternLength[i] = length;
        });
        let maxGap = options.maxGap ?? exports.DEFAULT_MAX_GAP;
        for (const e of entries)
            if (e.maxGap !== undefined && e.maxGap > maxGap)
                maxGap = e.maxGap;
        this.maxGap = maxGap;
        this.automaton = new aho_corasick_1.AhoCorasick(texts, { noise, maxGap: this.maxGap });
    }
    /** The neighbour of a match edge, looking past noise when the match itself skipped noise. */
    neighbour(codes, from, step, spread) {
        let i = from;
        for (let skipped = 0; spread && i >= 0 && i < codes.length && this.noise[codes[i]] === 1 && skipped < this.maxGap; skipped++)
            i += step;
        return i >= 0 && i < codes.length ? codes[i] : -1;
    }
    /** The normalized text of a match, without the noise it skipped ("b.o.m.b" reads "bomb"). */
    readable(text, start, end, spread) {
        const slice = text.slice(start, end);
        if (!spread)
            return slice;
        let out = '';
        for (let i = 0; i < slice.length; i++)
            if (this.noise[slice.charCodeAt(i)] === 0)
                out += slice[i];
        return out;
    }
    longestNoiseRun(codes, start, end) {
        let longest = 0;
        let run = 0;
        for (let i = start; i < end; i++) {
            run = this.noise[codes[i]] === 1 ? run + 1 : 0;
            if (run > longest)
                longest = run;
        }
        return longest;
    }
    /** Word boundary on each side whose edge is a Latin letter or digit (Chinese edges never need one). */
    boundaryOk(codes, start, end, spread) {
        if (isWordUnit(codes[start]) && isWordUnit(this.neighbour(codes, start - 1, -1, spread)))
            return false;
        if (isWordUnit(codes[end - 1]) && isWordUnit(this.neighbour(codes, end, 1, spread)))
            return false;
        return true;
    }
    scan(codes, text) {
        const hits = [];
        const allows = [];
        const parts = new Map();
        for (const m of this.automaton.search(codes)) {
            const index = this.patternEntry[m.pattern];
            const role = this.patternRole[m.pattern];
            const entry = this.entries[index];
            const spread = m.end - m.start > this.patternLength[m.pattern];
            if (spread && entry.maxGap !== undefined && entry.maxGap < this.maxGap && this.longestNoiseRun(codes, m.start, m.end) > entry.maxGap)
                continue;
            if (role === Role.Allow) {
                allows.push({ category: entry.category, start: m.start, end: m.end });
                continue;
            }
            const needsBoundary = entry.boundary === 'word' || role === Role.Variant || role === Role.Reversed;
            if (needsBoundary && !this.boundaryOk(codes, m.start, m.end, spread))
                continue;
            if (role === Role.PartA || role === Role.PartB) {
                const p = parts.get(index) ?? { a: [], b: [] };
                (role === Role.PartA ? p.a : p.b).push([m.start, m.end]);
                parts.set(index, p);
                continue;
            }
            hits.push({ entry: index, start: m.start, end: m.end, matched: this.readable(text, m.start, m.end, spread), reversed: role === Role.Reversed });
        }
        for (const [entry, p] of parts) {
            const near = this.entries[entry].near;
            const pair = near ? closestPair(p.a, p.b, near.distance) : null;
            if (pair)
                hits.push({ entry, start: pair[0], end: pair[1], matched: this.readable(text, pair[0], pair[1], false), reversed: false });
        }
        if (allows.length === 0)
            return hits;
        const category = (h) => this.entries[h.entry].category;
        return hits.filter((h) => !allows.some((a) => a.category === category(h) && a.start <= h.start && h.end <= a.end));
    }
}
exports.KeywordMatcher = KeywordMatcher;
/** The first pair of spans, one from each list, at most `distance` characters apart; its cover. */
function closestPair(a, b, distance) {
    for (const x of a) {
        for (const y of b) {
            const gap = Math.max(y[0] - x[1], x[0] - y[1], 0);
            if (gap <= distance)
                return [Math.min(x[0], y[0]), Math.max(x[1], y[1])];
        }
    }
    return null;
}
