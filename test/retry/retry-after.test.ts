import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from '../../src/retry/retry-after.js';

describe('parseRetryAfterMs (the Meraki client\'s cases)', () => {
  it.each([
    ['1', 1000],
    ['0.5', 500],
    [' 30 ', 30_000],
    ['', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfterMs(value, 0)).toBe(expected);
  });
  it('accepts an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Mon, 01 Jan 2023 00:00:05 GMT', now)).toBe(0);
  });
});

describe('parseRetryAfterMs (the sinks\' cases)', () => {
  it.each<[string | undefined, number | undefined]>([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [' 7 ', 7000],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 4000],
    ['Thu, 01 Jan 1970 00:00:01 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('Retry-After %j -> %j ms (now = 6 s)', (header, ms) => {
    expect(parseRetryAfterMs(header, 6000)).toBe(ms);
  });
});
