/** Writes usage buckets as JSON text (fast string building), with the ts-jitter quirk and malformed-record fault. */
import { bucketTs } from './day-buckets.js';
import { below, hash4, unit } from './hash.js';
import type { RouteContext } from './route-types.js';
import type { SimClient } from './world-types.js';

const EIGHTHS = ['', '.125', '.25', '.375', '.5', '.625', '.75', '.875'];

/** Kilobytes as JSON text from eighths of a kilobyte (integer formatting: much faster than a double's). */
export function kbText(eighths: number): string {
  return eighths >= 0 ? `${Math.floor(eighths / 8)}${EIGHTHS[eighths & 7]}` : String(eighths / 8);
}

/** Malformed kinds that keep `ts` (see `malformed`). */
const STICKY_KINDS = [0, 1, 3, 4, 5];

export class BucketWriter {
  private readonly plainTs = new Map<number, string>();
  private readonly recvPrefix: string;

  constructor(
    private readonly ctx: RouteContext,
    private readonly recvField: 'recv' | 'received',
  ) {
    this.recvPrefix = `","${recvField}":`;
  }

  /** One bucket; recv/sent in eighths of a kilobyte. */
  bucket(c: SimClient, day: number, startMs: number, recvEighths: number, sentEighths: number): string {
    const ts = this.ts(c, day, startMs);
    const rate = this.ctx.faults.malformedRecordRate;
    if (rate > 0) {
      const h = hash4(this.ctx.seed, this.ctx.requestSeq, c.globalIndex, day);
      if (unit(h) < rate) return this.malformed(below(hash4(h, 7), 6), ts, recvEighths / 8, sentEighths / 8);
    }
    const sticky = this.ctx.faults.stickyMalformedRate;
    if (sticky > 0) {
      // Per (client, day), whatever the request: the same bucket is bad in every answer. Kinds that keep `ts`.
      const h = hash4(this.ctx.seed, 0x571c, c.globalIndex, day);
      if (unit(h) < sticky) return this.malformed(STICKY_KINDS[below(hash4(h, 7), STICKY_KINDS.length)]!, ts, recvEighths / 8, sentEighths / 8);
    }
    return '{"ts":"' + ts + this.recvPrefix + kbText(recvEighths) + ',"sent":' + kbText(sentEighths) + '}';
  }

  private ts(c: SimClient, day: number, startMs: number): string {
    if (this.ctx.quirks.tsJitter) {
      const micros = 1 + below(hash4(this.ctx.seed, this.ctx.requestSeq, c.globalIndex, day ^ 0x75), 999_999);
      return bucketTs(startMs, String(micros).padStart(6, '0'));
    }
    let ts = this.plainTs.get(startMs);
    if (ts === undefined) this.plainTs.set(startMs, (ts = bucketTs(startMs)));
    return ts;
  }

  private malformed(kind: number, ts: string, recv: number, sent: number): string {
    const f = this.recvField;
    switch (kind) {
      case 0:
        return `{"ts":"${ts}","sent":${sent}}`;
      case 1:
        return `{"ts":"${ts}","${f}":${recv}}`;
      case 2:
        return `{"${f}":${recv},"sent":${sent}}`;
      case 3:
        return `{"ts":"${ts}","${f}":${-1 - recv},"sent":${sent}}`;
      case 4:
        return `{"ts":"${ts}","${f}":"n/a","sent":${sent}}`;
      default:
        return `{"ts":"${ts}","${f}":${recv},"sent":null}`;
    }
  }
}
