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
