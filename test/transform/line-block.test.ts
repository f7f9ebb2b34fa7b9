import { describe, expect, it } from 'vitest';
import { blockBytes, isLineBlock, lineCount, linesOf, toLineBlock, type LineBlock } from '../../src/transform/line-block.js';

const cases: [string, string[]][] = [
  ['no lines', []],
  ['one empty line', ['']],
  ['ASCII lines', ['client_usage,client=k1 recv=1,sent=2 1793059200', 'b', 'c d']],
  ['empty lines between others', ['', 'a', '', '', 'b', '']],
  ['non-ASCII: 2-, 3- and 4-byte UTF-8', ['ssid=Gäste', '咖啡', '😀 x', 'é', 'ü€😀']],
  ['escaped characters of line protocol', ['m,ssid=a\\,b\\=c\\ d f=1 1', 'x\\y']],
];

/** The bytes a block of `lines` must hold: each line and `\n`, UTF-8. */
const expectedBytes = (lines: readonly string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');

describe('toLineBlock / linesOf', () => {
  it.each(cases)('%s: bytes with \\n after each line, ends at each \\n + 1, and back', (_name, lines) => {
    const block = toLineBlock(lines);
    expect(block.bytes.equals(expectedBytes(lines))).toBe(true);
    let end = 0;
    const ends = lines.map((l) => (end += Buffer.byteLength(l, 'utf8') + 1));
    expect(Array.from(block.ends)).toEqual(ends);
    expect(block.ends.length === 0 ? 0 : block.ends[block.ends.length - 1]).toBe(block.bytes.length);
    for (const e of block.ends) expect(block.bytes[e - 1]).toBe(0x0a);
    expect(linesOf(block)).toEqual(lines);
    expect(lineCount(block)).toBe(lines.length);
    expect(lineCount(lines)).toBe(lines.length);
  });

  it('empty input: an empty block, no lines', () => {
    const block = toLineBlock([]);
    expect(block.bytes.length).toBe(0);
    expect(block.ends).toBeInstanceOf(Int32Array);
    expect(block.ends.length).toBe(0);
    expect(linesOf(block)).toEqual([]);
    expect(blockBytes(block, 0, 0).length).toBe(0);
    expect(linesOf({ bytes: Buffer.alloc(0), ends: new Int32Array(0) })).toEqual([]);
  });

  it('a lone surrogate: the ends still match the bytes written (3 bytes, U+FFFD)', () => {
    const block = toLineBlock(['a\ud800b', 'c']);
    expect(Array.from(block.ends)).toEqual([6, 8]);
    expect(block.bytes.length).toBe(8);
    expect(linesOf(block)).toEqual(['a\ufffdb', 'c']);
  });

  it('a block is passed through as it is; string lines are copied by linesOf', () => {
    const block = toLineBlock(['a', 'b']);
    expect(toLineBlock(block)).toBe(block);
    const lines = ['x', 'y'];
    const copy = linesOf(lines);
    expect(copy).toEqual(lines);
    expect(copy).not.toBe(lines);
  });

  it('isLineBlock tells the two kinds apart', () => {
    expect(isLineBlock(toLineBlock(['a']))).toBe(true);
    expect(isLineBlock(toLineBlock([]))).toBe(true);
    expect(isLineBlock(['a'])).toBe(false);
    expect(isLineBlock([])).toBe(false);
  });

  it('reads a block made elsewhere (bytes from another buffer, e.g. a scanned page)', () => {
    const whole = Buffer.from('xxxa\nbé\n\nyyy');
    const block: LineBlock = { bytes: whole.subarray(3, 10), ends: new Int32Array([2, 6, 7]) };
    expect(linesOf(block)).toEqual(['a', 'bé', '']);
    expect(blockBytes(block, 1, 3).toString()).toBe('bé\n\n');
  });
});

describe('blockBytes', () => {
  it.each(cases)('%s: every range [from, to) is the bytes of those lines', (_name, lines) => {
    const block = toLineBlock(lines);
    for (let from = 0; from <= lines.length; from++) {
      for (let to = from; to <= lines.length; to++) {
        const bytes = blockBytes(block, from, to);
        expect(bytes.equals(expectedBytes(lines.slice(from, to))), `[${from}, ${to})`).toBe(true);
      }
    }
  });

  it('cutting a block into batches and joining them gives the block back', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i} ${'é'.repeat(i % 4)}`);
    const block = toLineBlock(lines);
    const parts: Buffer[] = [];
    for (let from = 0; from < lines.length; from += 7) parts.push(blockBytes(block, from, Math.min(lines.length, from + 7)));
    expect(parts).toHaveLength(4);
    expect(Buffer.concat(parts).equals(block.bytes)).toBe(true);
  });

  it('is a view of the block, not a copy', () => {
    const block = toLineBlock(['ab', 'cd']);
    const view = blockBytes(block, 1, 2);
    expect(view.buffer).toBe(block.bytes.buffer);
    view[0] = 0x43; // 'C'
    expect(linesOf(block)).toEqual(['ab', 'Cd']);
  });
});
