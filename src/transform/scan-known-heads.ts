import {
  COLON,
  FAIL,
  QUOTE,
  at,
  sameBytes,
  skipSpace,
  stringEnd,
} from './json-bytes.js';
import { parseTimestampSeconds } from './parse-timestamp.js';
import type { PageBuilder } from './scanned-page-builder.js';
import { fractionSuffixEnd } from './scan-number-text.js';

/**
 * What a bucket shares with the bucket at the same index of earlier records (the API repeats the same days for every
 * client): its first bytes up to the recv value (`knownHead`, `rememberHead`) and its timestamp (`ts`), each
 * recognised by comparing bytes instead of parsing again. State lives in the PageBuilder.
 */

/**
 * Whether the bucket at `p` starts like the one remembered at `index` (see PageBuilder.head*): the same bytes up to
 * the 19th character of its ts, a fraction of a second (or nothing) to the closing quote, then the same bytes up to
 * the recv value. Returns where that value starts, or FAIL. Then the ts has the remembered seconds, and recv is next.
 */
export function knownHead(b: Buffer, p: number, out: PageBuilder, index: number): number {
  const length = out.headLength[index]!;
  if (length === 0 || p + length > b.length || !sameBytes(b, out.headStart[index]!, p, length)) return FAIL;
  const close = fractionSuffixEnd(b, p + length);
  const tail = out.headTailLength[index]!;
  if (close < 0 || close + tail > b.length || !sameBytes(b, out.headTailStart[index]!, close, tail)) return FAIL;
  return skipSpace(b, close + tail);
}

/**
 * Remembers a bucket that starts with ts then recv, when its ts is `YYYY-MM-DDTHH:MM:SS` and a fraction at most;
 * returns whether it did.
 */
export function rememberHead(b: Buffer, out: PageBuilder, index: number, start: number, tsQuote: number, close: number, recvValue: number, bits: number, seconds: number): boolean {
  const tsStart = tsQuote + 1;
  if (close - tsStart < 19 || b[tsStart + 16] !== COLON || fractionSuffixEnd(b, tsStart + 19) !== close) return false;
  out.headStart[index] = start;
  out.headLength[index] = tsStart + 19 - start;
  out.headTailStart[index] = close;
  out.headTailLength[index] = recvValue - close;
  out.headBits[index] = bits;
  out.headSeconds[index] = seconds;
  return true;
}

/** The string at `p` (a quote) as a `ts`: its seconds go to `out.seconds[n]`. */
export function ts(b: Buffer, p: number, out: PageBuilder, n: number, index: number): number {
  if (at(b, p) !== QUOTE) return FAIL;
  const start = p + 1;
  // The usual case first: the same first 19 characters as at this index before, and a fraction (or not) after.
  if (out.tsKeyLength[index] === 19 && start + 19 <= b.length && sameBytes(b, out.tsStart[index]!, start, 19)) {
    const end = fractionSuffixEnd(b, start + 19);
    if (end >= 0) {
      out.seconds[n] = out.tsSeconds[index]!;
      return end + 1;
    }
  }
  const end = stringEnd(b, p);
  if (end < 0) return FAIL;
  const keyLength = end - start >= 19 && b[start + 16] === COLON && fractionSuffixEnd(b, start + 19) === end ? 19 : end - start;
  if (keyLength !== 0 && out.tsKeyLength[index] === keyLength && sameBytes(b, out.tsStart[index]!, start, keyLength)) {
    out.seconds[n] = out.tsSeconds[index]!;
    return end + 1;
  }
  const seconds = parseTimestampSeconds(out.text(start, end));
  if (seconds === undefined) return FAIL;
  out.seconds[n] = seconds;
  out.tsStart[index] = start;
  out.tsKeyLength[index] = keyLength;
  out.tsSeconds[index] = seconds;
  return end + 1;
}
