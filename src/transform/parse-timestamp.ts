/**
 * ISO 8601 instants as the Meraki API writes them (`2018-02-11T00:00:00.090210Z`, any number of fractional digits,
 * `Z` or an offset), floored to whole seconds since the epoch. A date alone is midnight UTC; a date-time without a
 * zone is read as UTC (never as the host's local time). Returns undefined for anything else, including impossible
 * dates such as February 30. Hand-written (no regex, no Date): it runs once per bucket on the hot path.
 */
export function parseTimestampSeconds(text: string): number | undefined {
  const len = text.length;
  if (len < 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let seconds = daysFromCivil(year, month, day) * 86_400;
  if (len === 10) return seconds;
  const sep = text.charCodeAt(10);
  if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return undefined; // T, t or space
  if (len < 16 || text.charCodeAt(13) !== 0x3a) return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  seconds += hour * 3600 + minute * 60;
  let i = 16;
  if (i < len && text.charCodeAt(i) === 0x3a) {
    const second = digits(text, 17, 2);
    if (second < 0 || second > 59) return undefined;
    seconds += second;
    i = 19;
    const dot = i < len ? text.charCodeAt(i) : 0;
    if (dot === 0x2e || dot === 0x2c) {
      // Dropping the fraction floors the instant: the fraction only ever adds to the whole seconds before it.
      const start = ++i;
      while (i < len && isDigit(text.charCodeAt(i))) i++;
      if (i === start) return undefined;
    }
  }
  if (i === len) return seconds;
  const zone = text.charCodeAt(i);
  if ((zone === 0x5a || zone === 0x7a) && i + 1 === len) return seconds; // Z
  if (zone !== 0x2b && zone !== 0x2d) return undefined;
  const colon = text.charCodeAt(i + 3) === 0x3a ? 1 : 0;
  if (len !== i + 5 + colon) return undefined;
  const offsetHours = digits(text, i + 1, 2);
  const offsetMinutes = digits(text, i + 3 + colon, 2);
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
  const offset = offsetHours * 3600 + offsetMinutes * 60;
  return zone === 0x2b ? seconds - offset : seconds + offset;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The decimal number in `text[start, start + count)`, or -1 when any of those is not a digit. */
function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
