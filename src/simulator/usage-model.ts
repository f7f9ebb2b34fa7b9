/** The one source of usage numbers: the endpoints and the ground truth both read the world through this. */
import type { Clock } from '../clock.js';
import { dayParts, ipOnDay, type DayParts } from './client-day.js';
import type { Calendars, DayCalendar } from './day-buckets.js';
import type { Quirks } from './types.js';
import type { SimClient, SimNetwork, SimWorld } from './world-types.js';

/** A list of consecutive days: day numbers with their bucket bounds (ms). */
export interface DayRange {
  days: number[];
  starts: number[];
  ends: number[];
}

/** Mean days of a month (365.2425 / 12), the growth model's month. */
export const DAYS_PER_MONTH = 30.436875;

export class UsageModel {
  constructor(
    readonly world: SimWorld,
    readonly clock: Clock,
    private readonly calendars: Calendars,
    private readonly quirks: () => Readonly<Quirks>,
  ) {}

  /** The same world and quirks seen from another clock (e.g. a fixed instant). */
  withClock(clock: Clock): UsageModel {
    return new UsageModel(this.world, clock, this.calendars, this.quirks);
  }

  calendar(network: SimNetwork): DayCalendar {
    return this.calendars.get(network.timeZone, this.quirks().dayBoundary);
  }

  today(network: SimNetwork, nowMs = this.clock.now()): number {
    return this.calendar(network).dayNumber(nowMs);
  }

  /** A client exists once its first day has begun. */
  exists(network: SimNetwork, c: SimClient, nowMs = this.clock.now()): boolean {
    return c.firstDay <= this.today(network, nowMs);
  }

  /**
   * Client by key, MAC (non-Track-by-IP networks) or IP (Track-by-IP networks, any IP it ever had);
   * undefined when unknown or not yet seen.
   */
  resolve(network: SimNetwork, name: string, nowMs = this.clock.now()): SimClient | undefined {
    const c = network.clientByKey(name) ?? (network.trackByIp ? network.clientByIp(name) : network.clientByMac(name));
    return c && this.exists(network, c, nowMs) ? c : undefined;
  }

  /** Days whose bucket overlaps [t0Ms, min(t1Ms, now)), within the history. */
  daysOverlapping(network: SimNetwork, t0Ms: number, t1Ms: number, nowMs = this.clock.now()): DayRange {
    const calendar = this.calendar(network);
    const end = Math.min(t1Ms, nowMs);
    const range: DayRange = { days: [], starts: [], ends: [] };
    if (end <= t0Ms) return range;
    const first = Math.max(calendar.dayNumber(t0Ms), this.world.historyStartDay);
    for (let day = first; ; day++) {
      const start = calendar.dayStartMs(day);
      if (start >= end) break;
      range.days.push(day);
      range.starts.push(start);
      range.ends.push(calendar.dayStartMs(day + 1));
    }
    return range;
  }

  /**
   * Fills `out` with a day's usage as the endpoints report it at nowMs: the current day is partial, and with the
   * `lateDataHours` quirk a closed day still grows (linearly) until that many hours after it closed.
   */
  parts(c: SimClient, day: number, startMs: number, endMs: number, out: DayParts, nowMs = this.clock.now()): void {
    const lagMs = this.quirks().lateDataHours * 3_600_000;
    dayParts(this.world.seed, c, day, Math.min(nowMs, endMs + lagMs) - startMs, endMs - startMs + lagMs, out, this.growth(day));
  }

  /** A day's final usage (what `parts` reaches once late data stopped); the current day as it stands without lag. */
  finalParts(c: SimClient, day: number, startMs: number, endMs: number, out: DayParts, nowMs = this.clock.now()): void {
    dayParts(this.world.seed, c, day, Math.min(nowMs, endMs) - startMs, endMs - startMs, out, this.growth(day));
  }

  /** The growth model's factor on a day: (1 + growthPctPerMonth/100)^(months since the history's first day). */
  growth(day: number): number {
    const pct = this.world.growthPctPerMonth;
    return pct === 0 ? 1 : Math.pow(1 + pct / 100, (day - this.world.historyStartDay) / DAYS_PER_MONTH);
  }

  ipAt(network: SimNetwork, c: SimClient, nowMs = this.clock.now()): string {
    return ipOnDay(c, this.today(network, nowMs));
  }
}
