/**
 * Bounds a Map by dropping its oldest entries (insertion order; a caller that deletes and sets a key
 * again on use makes it least-recently-used). A Map's deleted entries stay in its table as holes
 * until the table is rebuilt, and `map.keys().next()` per eviction walked from the front over every
 * hole the evictions before it had left: 24-150 µs per insert once a 100,000-entry cache was full
 * (README "Resent chat turns"). One iterator is kept instead, made at the first eviction (an
 * iterator keeps the tables the Map outgrew until it is read again). Every live key is ahead of it:
 * the keys it passed were deleted, and a key set again goes to the end.
 */
export class OldestFirst<K> {
  private oldest: IterableIterator<K> | null = null;

  constructor(private readonly map: Map<K, unknown>) {}

  /** Deletes the oldest entries until at most `max` (at least 0) remain. */
  trim(max: number): void {
    while (this.map.size > Math.max(max, 0)) {
      this.oldest ??= this.map.keys();
      // Never done while a key is live (above); a done iterator would see nothing added later.
      const next = this.oldest.next();
      if (next.done) return;
      this.map.delete(next.value);
    }
  }
}
