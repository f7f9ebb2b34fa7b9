/**
 * ISO 8601 instants as the Meraki API writes them (`2018-02-11T00:00:00.090210Z`, any number of fractional digits,
 * `Z` or an offset), floored to whole seconds since the epoch. A date alone is midnight UTC; a date-time without a
 * zone is read as UTC (never as the host's local time). Returns undefined for anything else, including impossible
 * dates such as February 30.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

export function parseTimestampSeconds(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return undefined; // e.g. 2018-02-30 rolls over into March
  let seconds = ms / 1000;
  if (m[8] !== undefined) {
    const offsetHours = Number(m[9]);
    const offsetMinutes = Number(m[10]);
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    const offset = offsetHours * 3600 + offsetMinutes * 60;
    seconds += m[8] === '+' ? -offset : offset;
  }
  // Dropping the fraction floors the instant: the fraction only ever adds to the whole seconds before it.
  return seconds;
}
