/**
 * Trend and forecast of a daily series: a log-linear trend with one factor per weekday, fitted by least squares
 * (simple-statistics' linear regression, alternated with the weekday means until both settle). Growth and its
 * interval come from the slope and its standard error; forecasts add the fit's residuals back (empirically) for
 * percentiles, and use the slope's interval for the bands of totals. Intervals are about 95% (z = 1.96) under
 * the model's assumptions (independent residuals), so they are a planner's range, not a guarantee.
 */
import { linearRegression, mean, sum } from 'simple-statistics';
import { DAY_MS, monthStart, nextMonthStart, weekdayOf } from './local-calendar.js';
import type { Estimate, ForecastMonth, NoTrend, Trend } from './report-types.js';
import { percentile } from './percentile.js';

/** Mean days of a month (365.2425 / 12). */
export const DAYS_PER_MONTH = 30.436875;
/** Shortest history with a trend: four whole weeks. */
export const MIN_TREND_DAYS = 28;
export const FORECAST_DAYS = 90;
const Z = 1.96;
const FIT_ROUNDS = 8;
/** Threshold dates further out than this are "not within" (the trend is not a 10-year plan). */
const MAX_THRESHOLD_DAYS = 3 * 365;

const iso = (dayNum: number): string => new Date(dayNum * DAY_MS).toISOString().slice(0, 10);

interface Fit {
  slope: number;
  intercept: number;
  weekday: number[];
  residuals: number[];
  /** Weekday factor plus residual of each history day (logs). */
  seasonal: number[];
  sigma: number;
  slopeSe: number;
  tMean: number;
  n: number;
  smear: number;
  day0: number;
}

function fit(days: readonly number[], kb: readonly number[]): Fit {
  const day0 = days[0]!;
  const t = days.map((d) => d - day0);
  const y = kb.map((v) => Math.log(v));
  const w = days.map(weekdayOf);
  const weekday = [0, 0, 0, 0, 0, 0, 0];
  let line = { m: 0, b: 0 };
  for (let round = 0; round < FIT_ROUNDS; round++) {
    line = linearRegression(t.map((ti, i) => [ti, y[i]! - weekday[w[i]!]!]));
    for (let d = 0; d < 7; d++) {
      const rest = t.flatMap((ti, i) => (w[i] === d ? [y[i]! - line.b - line.m * ti] : []));
      weekday[d] = rest.length === 0 ? 0 : mean(rest);
    }
    const centre = mean(weekday);
    for (let d = 0; d < 7; d++) weekday[d]! -= centre;
  }
  const residuals = t.map((ti, i) => y[i]! - line.b - line.m * ti - weekday[w[i]!]!);
  const n = t.length;
  const sigma = Math.sqrt(sum(residuals.map((r) => r * r)) / Math.max(1, n - 8));
  const tMean = mean(t);
  const sxx = sum(t.map((ti) => (ti - tMean) ** 2));
  const seasonal = residuals.map((r, i) => r + weekday[w[i]!]!);
  return { slope: line.m, intercept: line.b, weekday, residuals, seasonal, sigma, slopeSe: sigma / Math.sqrt(sxx), tMean, n, smear: mean(residuals.map(Math.exp)), day0 };
}

/** log of the expected level on a day (no noise), with the slope moved by `dz` standard errors about the mean. */
function logLevel(f: Fit, dayNum: number, dz = 0): number {
  const t = dayNum - f.day0;
  const m = f.slope + dz * f.slopeSe;
  return f.intercept + f.slope * f.tMean + m * (t - f.tMean) + f.weekday[weekdayOf(dayNum)]!;
}

function growthPct(f: Fit, dz: number): number {
  return (Math.exp((f.slope + dz * f.slopeSe) * DAYS_PER_MONTH) - 1) * 100;
}

/** Residuals added back for percentiles: the most recent ones (bounded work for long histories). */
const MAX_RESIDUALS = 180;

/** The nearest-rank 95th percentile of the days' totals, the fit's (recent) residuals added back to each day. */
function p95Over(f: Fit, dayNums: readonly number[], dz: number): number {
  const values: number[] = [];
  const residuals = f.residuals.slice(-MAX_RESIDUALS);
  for (const d of dayNums) {
    const level = logLevel(f, d, dz);
    for (const r of residuals) values.push(Math.exp(level + r));
  }
  return percentile(values, 95);
}

function totalOver(f: Fit, dayNums: readonly number[], dz: number): number {
  return sum(dayNums.map((d) => Math.exp(logLevel(f, d, dz)) * f.smear));
}

const estimate = (value: number, a: number, b: number): Estimate => ({ value, low: Math.min(a, b), high: Math.max(a, b) });

/**
 * The first date the p95 day exceeds kb with the slope moved by dz standard errors; null: not within 3 years.
 * The p95 day of a date is the trend (without its weekday) times the 95th percentile of the history's
 * weekday-and-residual factors, so a network's busiest days are what crosses first.
 */
function crossing(f: Fit, lastDay: number, kb: number, dz: number): number | null {
  const q = percentile(f.seasonal, 95);
  const limit = Math.log(kb);
  for (let d = lastDay; d <= lastDay + MAX_THRESHOLD_DAYS; d++) {
    if (logLevel(f, d, dz) - f.weekday[weekdayOf(d)]! + q > limit) return d;
  }
  return null;
}

/**
 * The trend of complete days (`days` ascending day numbers, `kb` their totals; days with 0 are left out of the
 * fit) and the forecast of the next FORECAST_DAYS days after `lastDay`.
 */
export function trendOf(days: readonly number[], kb: readonly number[], lastDay: number, thresholdKb: number | null): Trend | NoTrend {
  const used = days.flatMap((d, i) => (kb[i]! > 0 ? [i] : []));
  if (used.length < MIN_TREND_DAYS) return { days: used.length, reason: `needs ${MIN_TREND_DAYS} whole days with usage, has ${used.length}` };
  const f = fit(used.map((i) => days[i]!), used.map((i) => kb[i]!));
  const horizon = Array.from({ length: FORECAST_DAYS }, (_, i) => lastDay + 1 + i);
  const dailyKb = horizon.map((d) => {
    const t = d - f.day0;
    const seFit = Math.sqrt(f.sigma ** 2 / f.n + (t - f.tMean) ** 2 * f.slopeSe ** 2);
    const spread = Z * Math.sqrt(f.sigma ** 2 + seFit ** 2);
    const level = logLevel(f, d);
    return { value: Math.exp(level) * f.smear, low: Math.exp(level - spread), high: Math.exp(level + spread) };
  });
  const months: ForecastMonth[] = [];
  for (let m = monthStart(horizon[0]!); m <= horizon.at(-1)!; m = nextMonthStart(m)) {
    const inMonth = horizon.filter((d) => d >= m && d < nextMonthStart(m));
    months.push({
      start: iso(m),
      partial: inMonth.length !== nextMonthStart(m) - m,
      totalKb: estimate(totalOver(f, inMonth, 0), totalOver(f, inMonth, -Z), totalOver(f, inMonth, Z)),
      p95DailyKb: estimate(p95Over(f, inMonth, 0), p95Over(f, inMonth, -Z), p95Over(f, inMonth, Z)),
    });
  }
  const weekdayMean = mean(f.weekday.map(Math.exp));
  let threshold: Trend['threshold'] = null;
  if (thresholdKb !== null) {
    const date = crossing(f, lastDay, thresholdKb, 0);
    const early = crossing(f, lastDay, thresholdKb, Z);
    const late = crossing(f, lastDay, thresholdKb, -Z);
    threshold = { kb: thresholdKb, already: date === lastDay, date: date === null ? null : iso(date), earliest: early === null ? null : iso(early), latest: late === null ? null : iso(late) };
  }
  return {
    days: f.n,
    growthPctPerMonth: estimate(growthPct(f, 0), growthPct(f, -Z), growthPct(f, Z)),
    weekdayFactors: f.weekday.map((s) => Math.exp(s) / weekdayMean),
    fittedStart: iso(days[0]!),
    fittedKb: days.map((d) => Math.exp(logLevel(f, d)) * f.smear),
    forecastStart: iso(horizon[0]!),
    forecastDays: FORECAST_DAYS,
    dailyKb,
    totalKb: estimate(totalOver(f, horizon, 0), totalOver(f, horizon, -Z), totalOver(f, horizon, Z)),
    p95DailyKb: estimate(p95Over(f, horizon, 0), p95Over(f, horizon, -Z), p95Over(f, horizon, Z)),
    months,
    threshold,
  };
}

export function hasTrend(t: Trend | NoTrend): t is Trend {
  return 'growthPctPerMonth' in t;
}
