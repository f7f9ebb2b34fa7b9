/**
 * Local calendar of the report. A date is a day number (days since 1970-01-01, so `dayNum * DAY_MS` is its UTC
 * midnight and `formatDay` prints it). A Meraki daily bucket is labelled with the date, in a time zone, of the
 * bucket's middle (start + 12 h): a bucket that starts at local midnight gets its own local date, and a bucket
 * that starts at UTC midnight gets its UTC date in every zone less than 12 hours from UTC.
 */

export const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;

/** Tells whether a zone name is an IANA time zone the runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

/** Day-number functions for one time zone (formatter and offsets cached). */
export interface ZoneCalendar {
  readonly zone: string;
  /** The local date (day number) of an instant. */
  dateOf(ms: number): number;
  /** The date of a daily bucket that starts at startMs. */
  bucketDate(startMs: number): number;
  /** The instant local midnight starts the date. */
  midnightMs(dayNum: number): number;
}

export function zoneCalendar(zone: string): ZoneCalendar {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const key = Math.floor(ms / 900_000);
    let offset = offsets.get(key);
    if (offset === undefined) {
      const p: Record<string, number> = {};
      for (const part of format.formatToParts(key * 900_000)) p[part.type] = Number(part.value);
      offset = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0) - key * 900_000;
      offsets.set(key, offset);
    }
    return offset;
  };
  const dateOf = (ms: number): number => Math.floor((ms + offsetAt(ms)) / DAY_MS);
  return {
    zone,
    dateOf,
    bucketDate: (startMs) => dateOf(startMs + HALF_DAY_MS),
    midnightMs: (dayNum) => {
      const guess = dayNum * DAY_MS - offsetAt(dayNum * DAY_MS);
      return dayNum * DAY_MS - offsetAt(guess);
    },
  };
}

/** The Monday (day number) of the ISO week of a date. */
export function isoWeekStart(dayNum: number): number {
  return dayNum - ((dayNum + 3) % 7 + 7) % 7; // 1970-01-01 (day 0) was a Thursday
}

/** Day-of-week of a date, 0 = Monday .. 6 = Sunday. */
export function weekdayOf(dayNum: number): number {
  return ((dayNum + 3) % 7 + 7) % 7;
}

/** The first day (day number) of the calendar month of a date. */
export function monthStart(dayNum: number): number {
  const d = new Date(dayNum * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the next calendar month. */
export function nextMonthStart(dayNum: number): number {
  const d = new Date(dayNum * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/** Instants [fromMs, toMs) whose buckets get a date in [firstDay, lastDay] in this zone (see bucketDate). */
export function bucketRangeMs(calendar: ZoneCalendar, firstDay: number, lastDay: number): { fromMs: number; toMs: number } {
  return { fromMs: calendar.midnightMs(firstDay) - HALF_DAY_MS, toMs: calendar.midnightMs(lastDay + 1) - HALF_DAY_MS };
}

/** Calendars per zone for one report (no module-level cache). */
export function calendarCache(): (zone: string) => ZoneCalendar {
  const cache = new Map<string, ZoneCalendar>();
  return (zone) => {
    let c = cache.get(zone);
    if (!c) {
      c = zoneCalendar(zone);
      cache.set(zone, c);
    }
    return c;
  };
}
