/**
 * The Chinese runs of a text, as `/\p{Script=Han}+/gu` finds them (tokenize.ts HAN_RUN), by a scan
 * over a table of the BMP built once from that same property: the compiled scorer walks every text
 * it scores this way, and the regex's match objects and iterator were a few percent of its time.
 * features() keeps the regex, so the compiled scorer's tests compare the two on every text.
 */

const HAN = /^\p{Script=Han}$/u;

/** 1 for each BMP unit of Script=Han (built on first use, ~65k property tests). */
let bmp: Uint8Array | null = null;

function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const t = new Uint8Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    if (u >= 0xd800 && u <= 0xdfff) continue; // lone surrogates are no script's
    if (HAN.test(String.fromCharCode(u))) t[u] = 1;
  }
  bmp = t;
  return t;
}

/** Astral code points seen, whether Han (the Han extension planes; rare in text). Bounded. */
const astral = new Map<number, boolean>();

function astralHan(cp: number): boolean {
  let han = astral.get(cp);
  if (han === undefined) {
    han = HAN.test(String.fromCodePoint(cp));
    if (astral.size < 65_536) astral.set(cp, han);
  }
  return han;
}

/**
 * Appends each run of Han code points in `text` to `runs` (the run) and `starts` (its offset), in
 * order: exactly the matches of HAN_RUN and their indices.
 */
export function hanRuns(text: string, runs: string[], starts: number[]): void {
  const table = bmpTable();
  const n = text.length;
  let start = -1;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let width = 1;
    let han: boolean;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      width = 2;
      han = astralHan(((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000);
    } else {
      han = table[c] === 1;
    }
    if (han) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push(text.slice(start, i));
      starts.push(start);
      start = -1;
    }
    i += width;
  }
  if (start >= 0) {
    runs.push(text.slice(start));
    starts.push(start);
  }
}
