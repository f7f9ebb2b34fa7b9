/**
 * Line-protocol lines as UTF-8 bytes, each ending with `\n`, and where each ends: what the collector hands to a
 * sink for a page (one buffer instead of a string per line), cheap to cut into batches of whole lines.
 */
export interface LineBlock {
  readonly bytes: Buffer;
  /** `ends[i]` is the offset just after line i's `\n`; the last one is `bytes.length`. */
  readonly ends: Int32Array;
}

/** What sinks accept: a block, or lines as strings (without `\n`). */
export type Lines = LineBlock | readonly string[];

export function isLineBlock(lines: Lines): lines is LineBlock {
  return !Array.isArray(lines);
}

export function lineCount(lines: Lines): number {
  return isLineBlock(lines) ? lines.ends.length : lines.length;
}

/** The block of string lines. */
export function toLineBlock(lines: Lines): LineBlock {
  if (isLineBlock(lines)) return lines;
  const ends = new Int32Array(lines.length);
  const parts: string[] = [];
  let end = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    parts.push(line, '\n');
    end += Buffer.byteLength(line) + 1;
    ends[i] = end;
  }
  return { bytes: Buffer.from(parts.join('')), ends };
}

/** The bytes of lines `[from, to)`, `\n` after each (a view, not a copy). */
export function blockBytes(block: LineBlock, from: number, to: number): Buffer {
  const start = from === 0 ? 0 : block.ends[from - 1]!;
  const end = to === 0 ? 0 : block.ends[to - 1]!;
  return block.bytes.subarray(start, end);
}

/** The lines as strings, without `\n` (tests, small sinks). */
export function linesOf(lines: Lines): string[] {
  if (!isLineBlock(lines)) return [...lines];
  const out: string[] = [];
  let start = 0;
  for (const end of lines.ends) {
    out.push(lines.bytes.toString('utf8', start, end - 1));
    start = end;
  }
  return out;
}
