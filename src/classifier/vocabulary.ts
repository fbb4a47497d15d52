/**
 * The compiled scorer's vocabulary (compiled.ts): every feature of a model, given an id and filed
 * under lookups keyed by what a scan already holds (code points, jieba words, stem numbers), so the
 * scan finds a feature's id without spelling the feature.
 */
import { CodePointTable, IntPairMap, NONE } from './int-tables';

export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) as number;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

export class Vocabulary {
  readonly strings: string[] = [];
  readonly words = new Map<string, number>();
  /** "u:X" */
  readonly units = new CodePointTable();
  /** "c:X" (features() spells a run of one character so) */
  readonly singles = new CodePointTable();
  /**
   * Every "c:XY", every start XY of a "t:XYZ" and every start XY of a word ("w:XY…"), by (X, Y): the
   * pair's number (a word is found from its first pair: word-bound.ts).
   */
  readonly pairs = new IntPairMap();
  /** By pair number: the id of "c:XY", or NONE when only triples or words start with it. */
  readonly pairIds: number[] = [];
  /** "t:XYZ" by (number of the pair XY, Z). */
  readonly triples = new IntPairMap();
  /** A number for every stem of an "e:" or "b:" feature: other stems can be in no feature. */
  readonly stemNumbers = new Map<string, number>();
  /** By stem number: the id of "e:S", or NONE when S is only part of pairs. */
  readonly stemIds: number[] = [];
  /** "b:" features by the numbers of their first and second stem; a feature whose stems contain "_" is filed under every split. */
  readonly stemPairs = new IntPairMap();

  constructor(features: Iterable<string>) {
    const ids = new Map<string, number>();
    for (const f of features) {
      if (ids.has(f)) continue;
      ids.set(f, this.strings.length);
      this.strings.push(f);
      this.file(f, ids.get(f) as number);
    }
  }

  private pair(a: number, b: number): number {
    let p = this.pairs.get(a, b);
    if (p === NONE) {
      p = this.pairIds.length;
      this.pairIds.push(NONE);
      this.pairs.set(a, b, p);
    }
    return p;
  }

  private stemNumber(stem: string): number {
    let n = this.stemNumbers.get(stem);
    if (n === undefined) {
      n = this.stemIds.length;
      this.stemIds.push(NONE);
      this.stemNumbers.set(stem, n);
    }
    return n;
  }

  private file(f: string, id: number): void {
    const body = f.slice(2);
    const cps = (): number[] => codePoints(body);
    switch (f.slice(0, 2)) {
      case 'w:': {
        this.words.set(body, id);
        const c = cps();
        if (c.length >= 2) this.pair(c[0], c[1]);
        return;
      }
      case 'e:':
        this.stemIds[this.stemNumber(body)] = id;
        return;
      case 'u:': {
        const c = cps();
        if (c.length === 1) this.units.set(c[0], id);
        return;
      }
      case 'c:': {
        const c = cps();
        if (c.length === 1) this.singles.set(c[0], id);
        else if (c.length === 2) this.pairIds[this.pair(c[0], c[1])] = id;
        return;
      }
      case 't:': {
        const c = cps();
        if (c.length === 3) this.triples.set(this.pair(c[0], c[1]), c[2], id);
        return;
      }
      case 'b:':
        for (let i = body.indexOf('_'); i >= 0; i = body.indexOf('_', i + 1)) {
          this.stemPairs.set(this.stemNumber(body.slice(0, i)), this.stemNumber(body.slice(i + 1)), id);
        }
        return;
      default:
      // A kind features() does not produce can never be present in a text.
    }
  }
}
