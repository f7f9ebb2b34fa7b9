/** Daily buckets: UTC days, or days of a network's time zone (the dayBoundary quirk). */

export const DAY_MS = 86_400_000;

/** Maps instants to day numbers (days since 1970-01-01 in the calendar's zone) and back. */
export interface DayCalendar {
  /** Day number of the day containing ms. */
  dayNumber(ms: number): number;
  /** Start (ms) of a day number. */
  dayStartMs(day: number): number;
}

export const UTC_CALENDAR: DayCalendar = {
  dayNumber: (ms) => Math.floor(ms / DAY_MS),
  dayStartMs: (day) => day * DAY_MS,
};

/** A calendar for an IANA time zone; offsets are cached per hour and day starts per day. */
export function zoneCalendar(timeZone: string): DayCalendar {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const offsets = new Map<number, number>();
  const starts = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const hour = Math.floor(ms / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetMs(format, hour * 3_600_000);
      offsets.set(hour, offset);
    }
    return offset;
  };
  return {
    dayNumber: (ms) => Math.floor((ms + offsetAt(ms)) / DAY_MS),
    dayStartMs: (day) => {
      let start = starts.get(day);
      if (start === undefined) {
        const guess = day * DAY_MS - offsetAt(day * DAY_MS);
        start = day * DAY_MS - offsetAt(guess);
        starts.set(day, start);
      }
      return start;
    },
  };
}

function zoneOffsetMs(format: Intl.DateTimeFormat, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  return local - Math.floor(ms / 60_000) * 60_000;
}

/** Calendars per time zone, created on first use (one instance per simulator). */
export class Calendars {
  private readonly zones = new Map<string, DayCalendar>();

  get(timeZone: string, dayBoundary: 'utc' | 'networkTimeZone'): DayCalendar {
    if (dayBoundary === 'utc') return UTC_CALENDAR;
    let calendar = this.zones.get(timeZone);
    if (!calendar) {
      calendar = zoneCalendar(timeZone);
      this.zones.set(timeZone, calendar);
    }
    return calendar;
  }
}

/** "2018-02-11T00:00:00.000000Z" with the given six sub-second digits. */
export function bucketTs(startMs: number, micros = '000000'): string {
  return `${new Date(startMs).toISOString().slice(0, 19)}.${micros}Z`;
}

/** ISO time without milliseconds, as Meraki writes firstSeen/lastSeen ("2024-01-01T12:00:00Z"). */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
