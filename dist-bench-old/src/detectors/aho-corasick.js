"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AhoCorasick = void 0;
/**
 * Aho-Corasick automaton over UTF-16 code units, stored in typed arrays (sorted-trie.ts). Every
 * overlapping match is reported: each state keeps a dictionary-suffix link to the nearest state that
 * ends a pattern, so "他妈" inside "其他妈妈" and a short keyword inside a longer one are both found
 * (the output-link miss of simpler engines).
 *
 * Bounded skip: characters of the `noise` set are stepped over between the characters of a pattern,
 * at most `maxGap` in a row ("傻@冒", "f.u.c.k"); a longer run of noise breaks any match in progress.
 * Noise characters inside patterns are removed at build time, so a pattern "a-b" matches "ab" too.
 */
const sorted_trie_1 = require("./sorted-trie");
let scratch = new Uint16Array(4096);
function unitsOf(text) {
    if (typeof text !== 'string')
        return { codes: text, n: text.length };
    if (scratch.length < text.length)
        scratch = new Uint16Array(text.length * 2);
    for (let i = 0; i < text.length; i++)
        scratch[i] = text.charCodeAt(i);
    return { codes: scratch, n: text.length };
}
class AhoCorasick {
    da;
    noise = new Uint8Array(0x10000);
    maxGap;
    /** Length (noise removed) of each unique pattern. */
    lengths;
    /** Unique pattern → the caller's pattern ids (duplicates after noise removal share one). */
    idsStart;
    ids;
    total;
    /** Ring of the positions of the last stream characters (power of two ≥ longest pattern). */
    ringMask;
    maxLength;
    constructor(patterns, options = {}) {
        for (const ch of options.noise ?? '')
            this.noise[ch.charCodeAt(0)] = 1;
        this.maxGap = options.maxGap ?? 0;
        this.total = patterns.length;
        // Duplicates (after noise removal) share one automaton pattern: first id per key, then a chain.
        const firstId = new Map();
        const nextId = new Int32Array(patterns.length).fill(-1);
        const lastId = new Map();
        patterns.forEach((p, id) => {
            let key = p;
            for (let i = 0; i < p.length; i++) {
                if (this.noise[p.charCodeAt(i)] === 0)
                    continue;
                key = Array.from(p).filter((ch) => this.noise[ch.charCodeAt(0)] === 0).join('');
                break;
            }
            if (key.length === 0)
                return;
            const last = lastId.get(key);
            if (last === undefined)
                firstId.set(key, id);
            else
                nextId[last] = id;
            lastId.set(key, id);
        });
        const keys = [...firstId.keys()].sort(); // code-unit order, as buildSortedTrie requires
        this.da = (0, sorted_trie_1.buildSortedTrie)(keys);
        this.lengths = new Int32Array(keys.length);
        this.idsStart = new Int32Array(keys.length + 1);
        this.ids = new Int32Array(patterns.length);
        let at = 0;
        for (let u = 0; u < keys.length; u++) {
            this.lengths[u] = keys[u].length;
            this.idsStart[u] = at;
            for (let id = firstId.get(keys[u]); id !== -1; id = nextId[id])
                this.ids[at++] = id;
        }
        this.idsStart[keys.length] = at;
        this.maxLength = this.lengths.reduce((m, k) => Math.max(m, k), 0);
        let ring = 1;
        while (ring < this.maxLength + 1)
            ring *= 2;
        this.ringMask = ring - 1;
    }
    get patternCount() {
        return this.total;
    }
    /** Every match in `text` (a string, or the units of a normalized text). */
    search(text) {
        const matches = [];
        const { codes, n } = unitsOf(text);
        this.run(codes, n, { state: 0, gap: 0 }, matches);
        return matches;
    }
    /**
     * Number of units at the end of `text` that could still begin a match once more text arrives
     * (stream holdback): the partial match in progress, including noise skipped inside it.
     */
    pendingLength(text) {
        const { codes, n } = unitsOf(text);
        const start = this.run(codes, n, { state: 0, gap: 0 }, null);
        return n - start;
    }
    /**
     * Runs the automaton over codes[0..n) from `from` (updated in place). Appends matches when
     * `matches` is given. Returns the offset where the partial match in progress at the end begins.
     */
    run(codes, n, from, matches) {
        const { alpha, rootNext, first, code, fail, term, dict, depth } = this.da;
        const noise = this.noise;
        const maxGap = this.maxGap;
        const mask = this.ringMask;
        const ring = new Int32Array(mask + 1);
        let s = from.state;
        let gap = from.gap;
        let k = 0; // characters of the stream seen (noise excluded)
        for (let i = 0; i < n; i++) {
            const c = codes[i];
            if (noise[c] === 1) {
                if (s !== 0 && ++gap > maxGap)
                    s = 0;
                continue;
            }
            gap = 0;
            ring[k & mask] = i;
            k++;
            const a = alpha[c];
            if (a === 0) {
                s = 0;
                continue;
            }
            for (;;) {
                if (s === 0) {
                    s = rootNext[a];
                    break;
                }
                let lo = first[s];
                let hi = first[s + 1];
                while (hi - lo > 8) {
                    const mid = (lo + hi) >>> 1;
                    if (code[mid] < a)
                        lo = mid + 1;
                    else
                        hi = mid + 1; // keep mid: it may be the match
                }
                while (lo < hi && code[lo] !== a)
                    lo++;
                if (lo < hi) {
                    s = lo;
                    break;
                }
                s = fail[s];
            }
            if (matches !== null && s !== 0 && (term[s] !== -1 || dict[s] !== -1))
                this.collect(s, i, k, ring, matches);
        }
        from.state = s;
        from.gap = gap;
        const d = Math.min(depth[s], k);
        return d === 0 ? n : ring[(k - d) & mask];
    }
    collect(state, i, k, ring, matches) {
        const { term, dict } = this.da;
        for (let t = term[state] !== -1 ? state : dict[state]; t !== -1; t = dict[t]) {
            const u = term[t];
            const len = this.lengths[u];
            if (len > k)
                continue; // began before this run (carried state): the caller saw its start
            const start = ring[(k - len) & this.ringMask];
            for (let j = this.idsStart[u]; j < this.idsStart[u + 1]; j++)
                matches.push({ pattern: this.ids[j], start, end: i + 1 });
        }
    }
}
exports.AhoCorasick = AhoCorasick;
