import type { ScannedUsagePage } from './scanned-usage-page.js';

const EMPTY = Buffer.alloc(0);

/**
 * The page being read, with growable arrays kept from page to page (the page gets exact-size copies). There is one
 * builder, reset for each page: a scan runs synchronously, and a builder that outlives the scans keeps V8's
 * optimised code for them (when the last object of a class's map dies, a full GC throws that code away).
 */
export class PageBuilder {
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
   * Per bucket index, the bucket last read there when it started with its `ts` (of the form `YYYY-MM-DDTHH:MM:SS`
   * and a fraction of a second at most) and then `recv` (or `received`): where it starts and how many bytes up to
   * the ts's 19th character (0: no entry), where the ts closes and how many bytes from there to the recv value,
   * which keys those were, and the seconds. A bucket with the same bytes in those two places has the same seconds
   * (a jittered fraction in between changes nothing) and needs only its numbers read. When `sent` came right after
   * recv, also where the bytes between the recv value and the sent value start and how many there are (0: none).
   */
  headStart = new Int32Array(64);
  headLength = new Int32Array(64);
  headTailStart = new Int32Array(64);
  headTailLength = new Int32Array(64);
  headBits = new Int32Array(64);
  headSeconds = new Float64Array(64);
  sentGapStart = new Int32Array(64);
  sentGapLength = new Int32Array(64);

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
      this.headTailStart = grow(this.headTailStart);
      this.headTailLength = grow(this.headTailLength);
      this.sentGapStart = grow(this.sentGapStart);
      this.sentGapLength = grow(this.sentGapLength);
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

  /** Drops the body: the builder keeps no page alive between scans. */
  release(): void {
    this.body = EMPTY;
  }

  page(): ScannedUsagePage {
    const body = this.body;
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



function grow<T extends Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
