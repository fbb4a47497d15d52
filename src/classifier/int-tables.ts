/**
 * Integer-keyed tables for the compiled scorer (compiled.ts): a lookup there indexes an array or
 * hashes two integers, never a string or an object, and marking something seen in a call is a
 * stamp, not a Set insert. Keys and ids are non-negative; NONE means absent.
 */

/** No id: absent from a table. */
export const NONE = -1;

/** A feature id per code point: a flat array for the BMP, where nearly all Chinese characters live, a Map beyond. */
export class CodePointTable {
  private readonly bmp = new Int32Array(0x10000).fill(NONE);
  private readonly astral = new Map<number, number>();

  get(cp: number): number {
    return cp < 0x10000 ? this.bmp[cp] : (this.astral.get(cp) ?? NONE);
  }

  set(cp: number, id: number): void {
    if (cp < 0x10000) this.bmp[cp] = id;
    else this.astral.set(cp, id);
  }
}

/**
 * A map from two non-negative integers below 2^31 to a non-negative number, in flat typed arrays
 * (open addressing, linear probing): a lookup hashes two integers instead of a string or a Map key.
 */
export class IntPairMap {
  private xs = new Int32Array(16).fill(NONE);
  private ys = new Int32Array(16);
  private values = new Int32Array(16);
  private size = 0;

  private slot(x: number, y: number): number {
    const mask = this.xs.length - 1;
    let i = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca6b)) >>> 0;
    i = (i ^ (i >>> 15)) & mask;
    while (this.xs[i] !== NONE && (this.xs[i] !== x || this.ys[i] !== y)) i = (i + 1) & mask;
    return i;
  }

  get(x: number, y: number): number {
    const i = this.slot(x, y);
    return this.xs[i] === NONE ? NONE : this.values[i];
  }

  set(x: number, y: number, value: number): void {
    // At most half full, so probes stay short and a lookup always reaches an empty slot.
    if (2 * (this.size + 1) > this.xs.length) this.grow();
    const i = this.slot(x, y);
    if (this.xs[i] === NONE) this.size++;
    this.xs[i] = x;
    this.ys[i] = y;
    this.values[i] = value;
  }

  private grow(): void {
    const { xs, ys, values } = this;
    this.xs = new Int32Array(xs.length * 2).fill(NONE);
    this.ys = new Int32Array(xs.length * 2);
    this.values = new Int32Array(xs.length * 2);
    this.size = 0;
    for (let i = 0; i < xs.length; i++) if (xs[i] !== NONE) this.set(xs[i], ys[i], values[i]);
  }
}

/** Each member counts once between two next() calls; members are integers below the size. */
export class StampSet {
  private readonly stamps: Uint32Array;
  private stamp = 0;

  constructor(size: number) {
    this.stamps = new Uint32Array(size);
  }

  next(): void {
    this.stamp = this.stamp === 0xffffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.stamps.fill(0);
  }

  /** True the first time since next(). */
  add(i: number): boolean {
    if (this.stamps[i] === this.stamp) return false;
    this.stamps[i] = this.stamp;
    return true;
  }
}

/** `a`, or a copy at least twice as long when it is shorter than `n`: growable per-call scratch space. */
export function withRoom(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (a.length >= n) return a;
  const grown = new Int32Array(Math.max(n, 2 * a.length));
  grown.set(a);
  return grown;
}
