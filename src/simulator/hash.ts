/** Fast deterministic integer hashing (32-bit, no allocation): the source of every random choice. */

/** Mixes one 32-bit value (murmur3 finaliser). */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to four integers, unsigned 32-bit. */
export function hash4(a: number, b: number, c = 0, d = 0): number {
  let h = mix32(a ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(b | 0, 0x27d4eb2d));
  h = mix32(h ^ Math.imul(c | 0, 0x165667b1));
  return mix32(h ^ Math.imul(d | 0, 0x1b873593));
}

/** Uniform in [0, 1) from a hash. */
export function unit(h: number): number {
  return h / 4294967296;
}

/** Integer in [0, n) from a hash. */
export function below(h: number, n: number): number {
  return Math.floor(unit(h) * n);
}

/** Picks an element of a non-empty list. */
export function pick<T>(h: number, list: readonly T[]): T {
  return list[below(h, list.length)] as T;
}

const MASK24 = 0xffffff;
const MULT24 = 0x2c1b3d;
/** MULT24^-1 mod 2^24 (Newton's iteration). */
const MULT24_INVERSE = ((): number => {
  let inv = MULT24;
  for (let i = 0; i < 5; i++) inv = Math.imul(inv, (2 - Math.imul(MULT24, inv)) & MASK24) & MASK24;
  return inv;
})();

function roundConstant(key: number, round: number): number {
  return ((key >>> (round * 8)) + 0x5a5a5) & MASK24;
}

/** A bijection on 24-bit integers (distinct inputs give distinct outputs), keyed by a 32-bit `key`. */
export function permute24(x: number, key: number): number {
  let v = (x ^ key) & MASK24;
  for (let round = 0; round < 3; round++) {
    v = Math.imul(v, MULT24) & MASK24;
    v ^= v >>> 11;
    v = (v + roundConstant(key, round)) & MASK24;
  }
  return v;
}

/** The inverse of permute24: unpermute24(permute24(x, k), k) === x for 0 <= x < 2^24. */
export function unpermute24(y: number, key: number): number {
  let v = y & MASK24;
  for (let round = 2; round >= 0; round--) {
    v = (v - roundConstant(key, round)) & MASK24;
    v ^= (v >>> 11) ^ (v >>> 22);
    v = Math.imul(v, MULT24_INVERSE) & MASK24;
  }
  return (v ^ key) & MASK24;
}

/** Lower-case hex of a number, left-padded with zeros to `digits`. */
export function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}
