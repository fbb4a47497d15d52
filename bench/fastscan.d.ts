/** fastscan ships no types; the benchmark uses only its constructor and search(). */
declare module 'fastscan' {
  export default class FastScanner {
    constructor(words: string[]);
    search(content: string, options?: { quick?: boolean; longest?: boolean }): [number, string][];
  }
}
