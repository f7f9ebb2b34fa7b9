import { describe, expect, it } from 'vitest';
import { hasTrend, trendOf } from '../../src/report/trends.js';
import type { Trend } from '../../src/report/report-types.js';

const day0 = Date.UTC(2026, 0, 5) / 86_400_000; // a Monday
const MONTH = 30.436875;

/** A daily series growing `pct` a month, weekends at 0.6, with a deterministic +-10% wobble. */
function series(days: number, pct: number, base = 1000): { days: number[]; kb: number[] } {
  const out = { days: [] as number[], kb: [] as number[] };
  for (let i = 0; i < days; i++) {
    const weekend = i % 7 >= 5 ? 0.6 : 1;
    out.days.push(day0 + i);
    out.kb.push(base * Math.pow(1 + pct / 100, i / MONTH) * weekend * (1 + 0.1 * Math.sin(i * 2.3)));
  }
  return out;
}

describe('trendOf (weekday-aware log-linear trend)', () => {
  it('finds the growth and the weekly pattern of a known series, and forecasts its continuation', () => {
    const s = series(180, 4);
    const t = trendOf(s.days, s.kb, s.days.at(-1)!, null) as Trend;
    expect(hasTrend(t)).toBe(true);
    expect(t.growthPctPerMonth.value).toBeCloseTo(4, 0);
    expect(t.growthPctPerMonth.low).toBeLessThan(4);
    expect(t.growthPctPerMonth.high).toBeGreaterThan(4);
    expect(t.weekdayFactors[5]! / t.weekdayFactors[0]!).toBeCloseTo(0.6, 1);
    const future = series(270, 4).kb.slice(180);
    const want = future.reduce((a, b) => a + b, 0);
    expect(Math.abs(t.totalKb.value - want) / want).toBeLessThan(0.02);
    expect(t.totalKb.low).toBeLessThan(t.totalKb.value);
    expect(t.forecastStart).toBe(new Date((day0 + 180) * 86_400_000).toISOString().slice(0, 10));
    expect(t.dailyKb).toHaveLength(90);
    expect(t.months.map((m) => m.start)).toEqual(['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']);
    expect(t.months[0]!.partial).toBe(true);
  });

  it('a weekend is not a drop: a flat series has no growth', () => {
    const s = series(120, 0);
    const t = trendOf(s.days, s.kb, s.days.at(-1)!, null) as Trend;
    expect(Math.abs(t.growthPctPerMonth.value)).toBeLessThan(0.5);
  });

  it('--threshold: the first date the p95 day exceeds it; already; never', () => {
    const s = series(180, 4);
    const p95Now = (trendOf(s.days, s.kb, s.days.at(-1)!, null) as Trend).p95DailyKb.value;
    const t = trendOf(s.days, s.kb, s.days.at(-1)!, p95Now * 1.5) as Trend;
    // 4% a month reaches 1.5x in about ln(1.5) / ln(1.04) = 10.3 months from the forecast's level.
    const months = (Date.parse(`${t.threshold!.date}T00:00:00Z`) / 86_400_000 - s.days.at(-1)!) / MONTH;
    expect(months).toBeGreaterThan(8);
    expect(months).toBeLessThan(13);
    expect(t.threshold!.earliest! <= t.threshold!.date!).toBe(true);
    expect((trendOf(s.days, s.kb, s.days.at(-1)!, 1) as Trend).threshold).toMatchObject({ already: true });
    const flat = series(120, -2);
    expect((trendOf(flat.days, flat.kb, flat.days.at(-1)!, 1e9) as Trend).threshold).toMatchObject({ date: null, already: false });
  });

  it('too little history: no trend, and why', () => {
    const s = series(20, 4);
    expect(trendOf(s.days, s.kb, s.days.at(-1)!, null)).toEqual({ days: 20, reason: 'needs 28 whole days with usage, has 20' });
  });
});
