import { encodeUsagePage, type PointTags, type TagPinner } from './encode-usage-page.js';
import { toLineBlock, type LineBlock } from './line-block.js';
import { usageSeriesKeyOf } from './line-protocol.js';
import type { ScannedUsagePage } from './scanned-usage-page.js';
import type { PointContext, RejectedRecord } from './usage-to-points.js';

/** A usageHistories page as the collector gets it: read from the bytes by `scanUsagePage`, or parsed JSON items. */
export type UsagePage = ScannedUsagePage | unknown[];

export interface EncodedBlock {
  /** One line per valid bucket, in page order, `\n` after each. */
  lines: LineBlock;
  rejects: RejectedRecord[];
  /** Start of the newest bucket written, ms since the epoch; null when there is no line. */
  newestMs: number | null;
  /** Whether the pinner reported a change for any point. */
  pinsChanged: boolean;
}

/** Either kind of page to line protocol: scanned pages here, parsed ones through `encodeUsagePage`. */
export function encodePage(page: UsagePage, ctx: PointContext, pin?: TagPinner): EncodedBlock {
  if (!Array.isArray(page)) return encodeScannedPage(page, ctx, pin);
  const { lines, ...rest } = encodeUsagePage(page, ctx, pin);
  return { lines: toLineBlock(lines), ...rest };
}

/** The fixed parts of a line: ` recv=`, `,sent=`, a space, 10 digits of seconds, `\n`. */
const LINE_ROOM = 6 + 6 + 1 + 10 + 1;
/** The same with room for any seconds. */
const FIXED_ROOM = LINE_ROOM + 6;

/**
 * A scanned page to line protocol bytes: the bytes of `encodeUsagePage(JSON.parse(body))`'s lines, each followed
 * by `\n`. Every bucket is valid (the scanner made sure), so there is no reject.
 * The series key is escaped and written once per record (again when a pinner changes the tags) and copied for
 * the record's other lines; the numbers are copied from the response text.
 */
export function encodeScannedPage(page: ScannedUsagePage, ctx: PointContext, pin?: TagPinner): EncodedBlock {
  const { keys, ssids, size } = seriesKeys(page, ctx);
  const w = writer.start(size, page.buckets);
  const tags: PointTags = { ip: '', ssid: '', changed: false };
  let pinsChanged = false;
  for (let r = 0; r < keys.length; r++) {
    if (writeRecord(w, page, r, keys[r]!, ssids[r]!, ctx, tags, pin)) pinsChanged = true;
  }
  return { lines: w.finish(), rejects: [], newestMs: page.buckets === 0 ? null : page.newestSeconds * 1000, pinsChanged };
}

/**
 * The series key of each record with its current tags (what it is written with unless a pin says otherwise), and
 * from them the exact size of the output when the seconds have 10 digits (2001-2286) and no pin changes a key
 * (otherwise the buffer grows on the way).
 */
function seriesKeys(page: ScannedUsagePage, ctx: PointContext): { keys: string[]; ssids: string[]; size: number } {
  const { recordEnds } = page;
  const keys = new Array<string>(recordEnds.length);
  const ssids = new Array<string>(recordEnds.length);
  let size = page.valueBytes;
  for (let r = 0, first = 0; r < recordEnds.length; r++) {
    const client = page.clientIds[r]!;
    ssids[r] = ctx.ssidOf?.(client) ?? '';
    keys[r] = usageSeriesKeyOf(client, page.ips[r]!, page.macs[r]!, ctx.network, ctx.org, ssids[r]!, ctx.ssidNumber);
    size += (recordEnds[r]! - first) * (Buffer.byteLength(keys[r]!) + LINE_ROOM);
    first = recordEnds[r]!;
  }
  return { keys, ssids, size };
}

/** The lines of record `r`; returns whether the pinner changed what it keeps. */
function writeRecord(w: BlockWriter, page: ScannedUsagePage, r: number, recordKey: string, ssid: string, ctx: PointContext, tags: PointTags, pin?: TagPinner): boolean {
  const { body, seconds, values } = page;
  const client = page.clientIds[r]!;
  const ip = page.ips[r]!;
  let pinsChanged = false;
  let keyStart = -1;
  let keyLength = 0;
  let keyIp = '';
  let keySsid = '';
  let out = w.out;
  let pos = w.pos;
  for (let bucket = r === 0 ? 0 : page.recordEnds[r - 1]!, last = page.recordEnds[r]!; bucket < last; bucket++) {
    const time = seconds[bucket]!;
    tags.ip = ip;
    tags.ssid = ssid;
    if (pin) {
      tags.changed = false;
      pin(client, time * 1000, tags);
      if (tags.changed) pinsChanged = true;
    }
    const v = bucket * 4;
    const recvStart = values[v]!;
    const recvEnd = values[v + 1]!;
    const sentStart = values[v + 2]!;
    const sentEnd = values[v + 3]!;
    const newKey = keyStart < 0 || tags.ip !== keyIp || tags.ssid !== keySsid;
    const key = !newKey ? '' : tags.ip === ip && tags.ssid === ssid ? recordKey : usageSeriesKeyOf(client, tags.ip, page.macs[r]!, ctx.network, ctx.org, tags.ssid, ctx.ssidNumber);
    const room = (newKey ? key.length * 3 : keyLength) + FIXED_ROOM + (recvEnd - recvStart) + (sentEnd - sentStart);
    if (pos + room > out.length) out = w.grow(pos, room);
    if (newKey) {
      keyStart = pos;
      keyLength = out.write(key, pos, 'utf8');
      keyIp = tags.ip;
      keySsid = tags.ssid;
    } else if (keyLength > 96) {
      out.copyWithin(pos, keyStart, keyStart + keyLength);
    } else {
      for (let i = 0; i < keyLength; i++) out[pos + i] = out[keyStart + i]!;
    }
    pos += keyLength;
    // The fixed parts byte by byte: twice as fast here as a loop over their bytes.
    // " recv="
    out[pos] = 0x20;
    out[pos + 1] = 0x72;
    out[pos + 2] = 0x65;
    out[pos + 3] = 0x63;
    out[pos + 4] = 0x76;
    out[pos + 5] = 0x3d;
    pos += 6;
    for (let i = recvStart; i < recvEnd; i++) out[pos++] = body[i]!;
    // ",sent="
    out[pos] = 0x2c;
    out[pos + 1] = 0x73;
    out[pos + 2] = 0x65;
    out[pos + 3] = 0x6e;
    out[pos + 4] = 0x74;
    out[pos + 5] = 0x3d;
    pos += 6;
    for (let i = sentStart; i < sentEnd; i++) out[pos++] = body[i]!;
    out[pos++] = 0x20;
    pos = writeInteger(out, pos, time);
    out[pos++] = 0x0a;
    w.ends[bucket] = pos;
  }
  w.pos = pos;
  return pinsChanged;
}

/**
 * The buffer lines are written to. One writer, started for each page (encoding is synchronous); like the scanner's
 * builder it outlives the pages so that V8 keeps the code optimised for it.
 */
class BlockWriter {
  out = EMPTY;
  pos = 0;
  ends = new Int32Array(0);

  start(size: number, lines: number): this {
    this.out = Buffer.allocUnsafe(size + FIXED_ROOM - LINE_ROOM); // the room check keeps space for longer seconds
    this.pos = 0;
    this.ends = new Int32Array(lines);
    return this;
  }

  /** A bigger buffer holding the first `pos` bytes, with `room` more. */
  grow(pos: number, room: number): Buffer {
    const bigger = Buffer.allocUnsafe(Math.max(Math.ceil(this.out.length * 1.5), pos + room));
    this.out.copy(bigger, 0, 0, pos);
    this.out = bigger;
    return bigger;
  }

  finish(): LineBlock {
    const block = { bytes: this.out.subarray(0, this.pos), ends: this.ends };
    this.out = EMPTY;
    this.ends = new Int32Array(0);
    return block;
  }
}

const EMPTY: Buffer = Buffer.alloc(0);
const writer = new BlockWriter();

/** Writes a whole number (as `String(n)` prints it) at `pos`; returns the position after it. */
function writeInteger(out: Buffer, pos: number, n: number): number {
  if (!(n >= 0 && n <= 0x7fffffff)) return pos + out.write(String(n), pos, 'latin1');
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  let rest = n | 0; // int32 arithmetic: the division by 10 becomes a multiplication
  for (let i = pos + digits - 1; i >= pos; i--) {
    const q = (rest / 10) | 0;
    out[i] = 0x30 + rest - q * 10;
    rest = q;
  }
  return pos + digits;
}
