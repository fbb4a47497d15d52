/**
 * `text` in storage of its own, for a key that a long-lived cache keeps. V8 makes a substring of 13
 * or more UTF-16 units (a slice, a regex match) a view into the string it was cut from, so a cache
 * keyed by such views keeps every whole prompt alive: the classifier's caches of Chinese runs and
 * Latin tokens held a 2 KB prompt per entry, tens of megabytes per worker, which every scavenge then
 * copied. Concatenation builds a new flat string; the slice views that copy, not the prompt.
 */
const SHORTEST_VIEW = 13;

export function ownCopy(text: string): string {
  return text.length < SHORTEST_VIEW ? text : ` ${text}`.slice(1);
}
