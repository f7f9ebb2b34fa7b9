import { parseTimestampSeconds } from './parse-timestamp.js';

/**
 * A usageHistories page read straight from the response bytes, without `JSON.parse`: per record its client id,
 * MAC and IP, per bucket its whole seconds and where the text of `recv`/`sent` lies in `body` (already in the
 * form `formatFloat` would print). `encodeScannedPage` turns it into line protocol.
 */
export interface ScannedUsagePage {
  readonly body: Buffer;
  readonly clientIds: string[];
  readonly macs: string[];
  readonly ips: string[];
  /** Per record: the index after its last bucket (its buckets start where the previous record's end). */
  readonly recordEnds: Int32Array;
  readonly buckets: number;
  /** Per bucket: start of the day, whole seconds since the epoch. */
  readonly seconds: Float64Array;
  /** Per bucket, 4 offsets into `body`: recv start and end, sent start and end. */
  readonly values: Int32Array;
  /** The length of all those texts together. */
  readonly valueBytes: number;
  /** The largest of `seconds` (-Infinity when there is no bucket). */
  readonly newestSeconds: number;
}

/**
 * Reads a page when it has the shape the API sends and every bucket is valid: a JSON array of objects with a
 * non-empty `clientId` and `clientMac`, `clientIp` a string or null, `usageHistory` an array of objects with an
 * ISO 8601 `ts`, `recv` (or `received`) and `sent` as non-negative numbers below 10^9 with at most 6 decimals, and
 * nothing else (no other key, no escape sequence, only ASCII in strings). Returns null for anything else, valid
 * JSON or not: the caller then parses the text with `JSON.parse` and `encodeUsagePage`, which validates, rejects
 * with reasons and keeps the rest. So a page read here is valid JSON, and encodes to the same lines both ways.
 */
export function scanUsagePage(body: Buffer): ScannedUsagePage | null {
  const out = builder.reset(body);
  let p = expect(body, 0, OPEN_BRACKET);
  p = skipSpace(body, p);
  if (body[p] === CLOSE_BRACKET) p++;
  else {
    for (;;) {
      p = record(body, p, out);
      if (p < 0) return null;
      p = skipSpace(body, p);
      if (body[p] === COMMA) p++;
      else if (body[p] === CLOSE_BRACKET) {
        p++;
        break;
      } else return null;
    }
  }
  return skipSpace(body, p) === body.length ? out.page() : null;
}

/** Where a step failed: every step returns the position after what it read, or this. */
const FAIL = -1;

// Bytes (plain constants: a const enum would stay an object lookup without the type checker's inlining).
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const UPPER_E = 0x45;
const LOWER_E = 0x65;
const UPPER_Z = 0x5a;
const LOWER_Z = 0x7a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DELETE = 0x7f;

/** Keys with their closing quote, so that a match also ends the key. */
const CLIENT_ID = bytesOf('clientId"');
const CLIENT_IP = bytesOf('clientIp"');
const CLIENT_MAC = bytesOf('clientMac"');
const USAGE_HISTORY = bytesOf('usageHistory"');
const TS = bytesOf('ts"');
const RECV = bytesOf('recv"');
const RECEIVED = bytesOf('received"');
const SENT = bytesOf('sent"');
const NULL = bytesOf('null');

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/**
 * The page being read, with growable arrays kept from page to page (the page gets exact-size copies). There is one
 * builder, reset for each page: a scan runs synchronously, and a builder that outlives the scans keeps V8's
 * optimised code for them (when the last object of a class's map dies, a full GC throws that code away).
 */
class PageBuilder {
  body: Buffer = EMPTY;
  clientIds: string[] = [];
  macs: string[] = [];
  ips: string[] = [];
  recordEnds = new Int32Array(1024);
  seconds = new Float64Array(32 * 1024);
  values = new Int32Array(4 * 32 * 1024);
  buckets = 0;
  valueBytes = 0;
  newestSeconds = -Infinity;
  /**
   * Per bucket index, the `ts` last read there (its start in the body, and how many bytes decide its seconds) and
   * its seconds: the records of a page mostly carry the same days in the same order. The bytes compared are the
   * first 19 (`YYYY-MM-DDTHH:MM:SS`) when the rest only adds a fraction of a second and `Z` (the seconds floor
   * to them, so a jittered fraction still hits), else the whole text. A length of 0 is no entry.
   */
  tsStart = new Int32Array(64);
  tsKeyLength = new Int32Array(64);
  tsSeconds = new Float64Array(64);
  /**
   * Per bucket index, the bucket last read there when it started with its `ts` and then `recv` (or `received`):
   * where it starts, how many bytes come before the recv value (0: no entry), which keys those were, and the
   * seconds. A bucket with the very same first bytes has the same `ts` and needs only its numbers read.
   */
  headStart = new Int32Array(64);
  headLength = new Int32Array(64);
  headBits = new Int32Array(64);
  headSeconds = new Float64Array(64);

  reset(body: Buffer): this {
    this.body = body;
    this.clientIds = [];
    this.macs = [];
    this.ips = [];
    this.buckets = 0;
    this.valueBytes = 0;
    this.newestSeconds = -Infinity;
    this.tsKeyLength.fill(0);
    this.headLength.fill(0);
    return this;
  }

  text(start: number, end: number): string {
    return this.body.toString('latin1', start, end);
  }

  /** Room for bucket `n` and memo index `index`. */
  reserve(n: number, index: number): void {
    if (n === this.seconds.length) {
      this.seconds = grow(this.seconds);
      this.values = grow(this.values);
    }
    if (index === this.tsStart.length) {
      this.tsStart = grow(this.tsStart);
      this.tsKeyLength = grow(this.tsKeyLength);
      this.tsSeconds = grow(this.tsSeconds);
      this.headStart = grow(this.headStart);
      this.headLength = grow(this.headLength);
      this.headBits = grow(this.headBits);
      this.headSeconds = grow(this.headSeconds);
    }
  }

  endRecord(clientId: string, mac: string, ip: string): void {
    const record = this.clientIds.length;
    this.clientIds.push(clientId);
    this.macs.push(mac);
    this.ips.push(ip);
    if (record === this.recordEnds.length) this.recordEnds = grow(this.recordEnds);
    this.recordEnds[record] = this.buckets;
  }

  page(): ScannedUsagePage {
    const body = this.body;
    this.body = EMPTY; // the builder keeps no page alive
    return {
      body,
      clientIds: this.clientIds,
      macs: this.macs,
      ips: this.ips,
      recordEnds: this.recordEnds.slice(0, this.clientIds.length),
      buckets: this.buckets,
      seconds: this.seconds.slice(0, this.buckets),
      values: this.values.slice(0, this.buckets * 4),
      valueBytes: this.valueBytes,
      newestSeconds: this.newestSeconds,
    };
  }
}

const EMPTY = Buffer.alloc(0);
const builder = new PageBuilder();

function record(b: Buffer, p: number, out: PageBuilder): number {
  let clientId: string | undefined;
  let mac: string | undefined;
  let ip: string | undefined;
  let history = false;
  p = expect(b, p, OPEN_BRACE);
  for (;;) {
    p = expect(b, p, QUOTE);
    if (p < 0) return FAIL;
    if (clientId === undefined && startsWith(b, p, CLIENT_ID)) {
      p = colon(b, p + CLIENT_ID.length);
      const end = stringEnd(b, p);
      if (end < 0 || end === p + 1) return FAIL;
      clientId = out.text(p + 1, end);
      p = end + 1;
    } else if (ip === undefined && startsWith(b, p, CLIENT_IP)) {
      p = colon(b, p + CLIENT_IP.length);
      if (startsWith(b, p, NULL)) {
        ip = '';
        p += NULL.length;
      } else {
        const end = stringEnd(b, p);
        if (end < 0) return FAIL;
        ip = out.text(p + 1, end);
        p = end + 1;
      }
    } else if (mac === undefined && startsWith(b, p, CLIENT_MAC)) {
      p = colon(b, p + CLIENT_MAC.length);
      const end = stringEnd(b, p);
      if (end < 0 || end === p + 1) return FAIL;
      mac = out.text(p + 1, end);
      p = end + 1;
    } else if (!history && startsWith(b, p, USAGE_HISTORY)) {
      p = usageHistory(b, colon(b, p + USAGE_HISTORY.length), out);
      history = true;
    } else return FAIL; // another key, or one seen twice
    if (p < 0) return FAIL;
    p = skipSpace(b, p);
    if (at(b, p) === COMMA) p++;
    else if (at(b, p) === CLOSE_BRACE) break;
    else return FAIL;
  }
  if (clientId === undefined || mac === undefined || !history) return FAIL;
  out.endRecord(clientId, mac, ip ?? '');
  return p + 1;
}

function usageHistory(b: Buffer, p: number, out: PageBuilder): number {
  p = expect(b, p, OPEN_BRACKET);
  if (p < 0) return FAIL;
  p = skipSpace(b, p);
  if (at(b, p) === CLOSE_BRACKET) return p + 1;
  for (let index = 0; ; index++) {
    p = bucket(b, p, out, index);
    if (p < 0) return FAIL;
    p = skipSpace(b, p);
    if (at(b, p) === COMMA) p++;
    else return at(b, p) === CLOSE_BRACKET ? p + 1 : FAIL;
  }
}

function bucket(b: Buffer, p: number, out: PageBuilder, index: number): number {
  const n = out.buckets;
  out.reserve(n, index);
  p = skipSpace(b, p);
  const start = p;
  let seen = 0; // bits: ts 1, recv 2, received 4, sent 8
  const known = out.headLength[index]!;
  let headLength = 0; // of this bucket, when it starts with ts then recv and is to be remembered
  let member = true;
  if (known !== 0 && p + known <= b.length && sameBytes(b, out.headStart[index]!, p, known)) {
    // The same bytes as the last bucket at this index up to its recv value: the same ts, and recv next.
    seen = out.headBits[index]!;
    out.seconds[n] = out.headSeconds[index]!;
    p = number(b, skipSpace(b, p + known), out.values, n * 4);
    member = false;
  } else {
    p = expect(b, p, OPEN_BRACE);
  }
  for (;;) {
    if (member) {
      p = expect(b, p, QUOTE);
      if (p < 0) return FAIL;
      let bit: number;
      let value: number;
      if (startsWith(b, p, TS)) {
        bit = 1;
        value = colon(b, p + TS.length);
        p = ts(b, value, out, n, index);
      } else if (startsWith(b, p, SENT)) {
        bit = 8;
        value = colon(b, p + SENT.length);
        p = number(b, value, out.values, n * 4 + 2);
      } else if (startsWith(b, p, RECV)) {
        bit = 2;
        value = colon(b, p + RECV.length);
        p = number(b, value, out.values, n * 4);
      } else if (startsWith(b, p, RECEIVED)) {
        bit = 4;
        value = colon(b, p + RECEIVED.length);
        p = number(b, value, out.values, n * 4);
      } else return FAIL;
      if ((seen & bit) !== 0) return FAIL;
      if (seen === 1 && (bit === 2 || bit === 4)) headLength = value - start;
      seen |= bit;
    }
    if (p < 0) return FAIL;
    p = skipSpace(b, p);
    if (at(b, p) === COMMA) {
      p++;
      member = true;
    } else if (at(b, p) === CLOSE_BRACE) break;
    else return FAIL;
  }
  // ts, sent, and exactly one of recv/received
  if (seen !== 0b1011 && seen !== 0b1101) return FAIL;
  const v = n * 4;
  out.valueBytes += out.values[v + 1]! - out.values[v]! + out.values[v + 3]! - out.values[v + 2]!;
  if (out.seconds[n]! > out.newestSeconds) out.newestSeconds = out.seconds[n]!;
  if (headLength !== 0) {
    out.headStart[index] = start;
    out.headLength[index] = headLength;
    out.headBits[index] = seen & 0b0111;
    out.headSeconds[index] = out.seconds[n]!;
  }
  out.buckets = n + 1;
  return p + 1;
}

/** The string at `p` (a quote) as a `ts`: its seconds go to `out.seconds[n]`. */
function ts(b: Buffer, p: number, out: PageBuilder, n: number, index: number): number {
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

/**
 * Where the string ends (its closing quote) when what is left of it at `p` is nothing, `Z`, or a fraction of a
 * second and `Z`, else FAIL. After `YYYY-MM-DDTHH:MM:SS` such a rest leaves the whole seconds as they are
 * (`parseTimestampSeconds` floors).
 */
function fractionSuffixEnd(b: Buffer, p: number): number {
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
function number(b: Buffer, p: number, values: Int32Array, slot: number): number {
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

/** The position of the closing quote of the string at `p`: printable ASCII without escapes, else FAIL. */
function stringEnd(b: Buffer, p: number): number {
  if (p < 0 || p >= b.length || b[p] !== QUOTE) return FAIL;
  for (p++; p < b.length; p++) {
    const c = b[p]!;
    if (c === QUOTE) return p;
    if (c < SPACE || c === BACKSLASH || c >= DELETE) return FAIL;
  }
  return FAIL;
}

function startsWith(b: Buffer, p: number, bytes: Uint8Array): boolean {
  if (p + bytes.length > b.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[p + i] !== bytes[i]) return false;
  return true;
}

function sameBytes(b: Buffer, x: number, y: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

function skipSpace(b: Buffer, p: number): number {
  for (; p < b.length; p++) {
    const c = b[p]!;
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
  }
  return p;
}

/** The byte at `p`, or -1 past the end (never an out-of-bounds read: those make V8's element loads slower). */
function at(b: Buffer, p: number): number {
  return p < b.length ? b[p]! : -1;
}

/** After optional space, `c`: the position after it, else FAIL. */
function expect(b: Buffer, p: number, c: number): number {
  if (p < 0) return FAIL;
  p = skipSpace(b, p);
  return at(b, p) === c ? p + 1 : FAIL;
}

/** The colon after a key, and the space after it: the position of the value. */
function colon(b: Buffer, p: number): number {
  p = expect(b, p, COLON);
  return p < 0 ? FAIL : skipSpace(b, p);
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function grow<T extends Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
