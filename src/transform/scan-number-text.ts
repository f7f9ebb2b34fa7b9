import {
  COMMA,
  DOT,
  FAIL,
  LOWER_E,
  QUOTE,
  UPPER_E,
  UPPER_Z,
  LOWER_Z,
  ZERO,
  at,
  isDigit,
} from './json-bytes.js';

/** The texts of a bucket's values, read in place: a number's range in the body, a timestamp's fraction of a second. */

/**
 * Where the string ends (its closing quote) when what is left of it at `p` is nothing, `Z`, or a fraction of a
 * second and `Z`, else FAIL. After `YYYY-MM-DDTHH:MM:SS` such a rest leaves the whole seconds as they are
 * (`parseTimestampSeconds` floors).
 */
export function fractionSuffixEnd(b: Buffer, p: number): number {
  let c = at(b, p);
  if (c === DOT || c === COMMA) {
    const first = ++p;
    while (isDigit(at(b, p))) p++;
    if (p === first) return FAIL;
    c = at(b, p);
  }
  if (c === UPPER_Z || c === LOWER_Z) c = at(b, ++p);
  return c === QUOTE ? p : FAIL;
}

/**
 * A non-negative number below 10^9 with at most 6 decimals at `p`; its text range goes to `values[slot]`, trimmed
 * to what `formatFloat` prints for it: trailing zeros of the fraction (and a bare dot) dropped. For such a number
 * `formatFloat` prints exactly its digits (see there), so the text can be copied instead of parsed and printed.
 */
export function scanNumber(b: Buffer, p: number, values: Int32Array, slot: number): number {
  if (p < 0) return FAIL;
  const start = p;
  if (at(b, p) === ZERO) p++;
  else while (isDigit(at(b, p))) p++;
  const intDigits = p - start;
  if (intDigits === 0 || intDigits > 9) return FAIL;
  let end = p;
  if (at(b, p) === DOT) {
    const fraction = ++p;
    while (isDigit(at(b, p))) p++;
    if (p === fraction || p - fraction > 6) return FAIL;
    end = p;
    while (b[end - 1] === ZERO) end--;
    if (end === fraction) end--; // "12.000" -> "12"
  }
  const c = at(b, p);
  if (c === UPPER_E || c === LOWER_E || isDigit(c)) return FAIL; // an exponent, or "01"
  values[slot] = start;
  values[slot + 1] = end;
  return p;
}
