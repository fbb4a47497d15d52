/**
 * Aho-Corasick automaton over UTF-16 code units. Every overlapping match is reported: each state
 * keeps a dictionary-suffix link to the nearest state that ends a pattern, so "他妈" inside "其他妈妈"
 * and a short keyword inside a longer one are both found (the output-link miss of simpler engines).
 */
export interface AcMatch {
  pattern: number;
  start: number;
  end: number;
}

export class AhoCorasick {
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Pattern id that ends exactly at this state, or -1. */
  private readonly out: number[] = [-1];
  /** Nearest state on the fail chain (excluding self) that ends a pattern, or -1. */
  private readonly dictLink: number[] = [-1];
  private readonly lengths: number[] = [];
  /** Depth of each state: how many units of a pattern it has matched. */
  private readonly depth: number[] = [0];

  constructor(patterns: readonly string[]) {
    patterns.forEach((p, id) => this.add(p, id));
    this.build();
  }

  get patternCount(): number {
    return this.lengths.length;
  }

  private add(pattern: string, id: number): void {
    this.lengths[id] = pattern.length;
    if (pattern.length === 0) return;
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let next = this.goto[s].get(c);
      if (next === undefined) {
        next = this.goto.length;
        this.goto.push(new Map());
        this.fail.push(0);
        this.out.push(-1);
        this.dictLink.push(-1);
        this.depth.push(this.depth[s] + 1);
        this.goto[s].set(c, next);
      }
      s = next;
    }
    // Duplicate patterns keep the first id; the loader reports duplicates.
    if (this.out[s] === -1) this.out[s] = id;
  }

  private build(): void {
    const queue: number[] = [];
    for (const next of this.goto[0].values()) queue.push(next);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const [c, next] of this.goto[s]) {
        let f = this.fail[s];
        while (f !== 0 && !this.goto[f].has(c)) f = this.fail[f];
        const target = this.goto[f].get(c);
        this.fail[next] = target !== undefined && target !== next ? target : 0;
        const fs = this.fail[next];
        this.dictLink[next] = this.out[fs] !== -1 ? fs : this.dictLink[fs];
        queue.push(next);
      }
    }
  }

  /**
   * Length of the longest suffix of `text` that is a proper start of some pattern: a match could
   * still begin that many units before the end once more text arrives (stream holdback).
   */
  pendingLength(text: string): number {
    let s = 0;
    for (let i = 0; i < text.length; i++) s = this.step(s, text.charCodeAt(i));
    return this.depth[s];
  }

  private step(state: number, c: number): number {
    let s = state;
    let next = this.goto[s].get(c);
    while (next === undefined && s !== 0) {
      s = this.fail[s];
      next = this.goto[s].get(c);
    }
    return next ?? 0;
  }

  search(text: string): AcMatch[] {
    const matches: AcMatch[] = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = this.step(s, text.charCodeAt(i));
      for (let t = this.out[s] !== -1 ? s : this.dictLink[s]; t !== -1; t = this.dictLink[t]) {
        const id = this.out[t];
        matches.push({ pattern: id, start: i + 1 - this.lengths[id], end: i + 1 });
      }
    }
    return matches;
  }
}
