/** Reading JSON tokens from bytes, for the scanners of known response shapes (see scan-usage-page.ts). */

/** Where a step failed: every step returns the position after what it read, or this. */
export const FAIL = -1;

// Bytes (plain constants: a const enum would stay an object lookup without the type checker's inlining).
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const DOT = 0x2e;
export const ZERO = 0x30;
const NINE = 0x39;
export const COLON = 0x3a;
export const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
export const UPPER_E = 0x45;
export const LOWER_E = 0x65;
export const UPPER_Z = 0x5a;
export const LOWER_Z = 0x7a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
const DELETE = 0x7f;

export function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** The position of the closing quote of the string at `p`: printable ASCII without escapes, else FAIL. */
export function stringEnd(b: Buffer, p: number): number {
  if (p < 0 || p >= b.length || b[p] !== QUOTE) return FAIL;
  for (p++; p < b.length; p++) {
    const c = b[p]!;
    if (c === QUOTE) return p;
    if (c < SPACE || c === BACKSLASH || c >= DELETE) return FAIL;
  }
  return FAIL;
}

export function startsWith(b: Buffer, p: number, bytes: Uint8Array): boolean {
  if (p + bytes.length > b.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[p + i] !== bytes[i]) return false;
  return true;
}

export function sameBytes(b: Buffer, x: number, y: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

export function skipSpace(b: Buffer, p: number): number {
  for (; p < b.length; p++) {
    const c = b[p]!;
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
  }
  return p;
}

/** The byte at `p`, or -1 past the end (never an out-of-bounds read: those make V8's element loads slower). */
export function at(b: Buffer, p: number): number {
  return p < b.length ? b[p]! : -1;
}

/** After optional space, `c`: the position after it, else FAIL. */
export function expect(b: Buffer, p: number, c: number): number {
  if (p < 0) return FAIL;
  p = skipSpace(b, p);
  return at(b, p) === c ? p + 1 : FAIL;
}

/** The colon after a key, and the space after it: the position of the value. */
export function colon(b: Buffer, p: number): number {
  p = expect(b, p, COLON);
  return p < 0 ? FAIL : skipSpace(b, p);
}

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
