/** One network's daily history, its fitted trend and the forecast with its band, as inline SVG. */
import { escapeXml } from './svg-charts.js';

export interface TrendChartOptions {
  /** Accessible name. */
  title: string;
  /** Day numbers (days since 1970-01-01) of the history points, ascending. */
  days: readonly number[];
  values: readonly number[];
  partial: readonly boolean[];
  /** Fitted trend per day from fittedStart, or empty. */
  fittedStart: number;
  fitted: readonly number[];
  /** First forecast day and the daily forecast with its band. */
  forecastStart: number;
  forecast: readonly { value: number; low: number; high: number }[];
  formatValue: (v: number) => string;
  width?: number;
  height?: number;
}

const PAD = { left: 72, right: 12, top: 12, bottom: 40 };
const num = (n: number): string => String(Math.round(n * 10) / 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function trendChart(o: TrendChartOptions): string {
  const width = o.width ?? 880;
  const height = o.height ?? 240;
  const first = o.days[0] ?? o.forecastStart;
  const last = o.forecast.length > 0 ? o.forecastStart + o.forecast.length - 1 : (o.days.at(-1) ?? first);
  const max = Math.max(1, ...o.values, ...o.forecast.map((f) => f.high), ...o.fitted);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (day: number): number => PAD.left + ((day - first) / Math.max(1, last - first)) * plotW;
  const y = (v: number): number => PAD.top + plotH - (Math.min(v, max) / max) * plotH;
  const path = (points: [number, number][]): string => points.map(([d, v], i) => `${i === 0 ? 'M' : 'L'}${num(x(d))},${num(y(v))}`).join('');
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${num(y(v))}" y2="${num(y(v))}" stroke="#ddd"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${num(y(v) + 4)}" font-size="11" text-anchor="end">${escapeXml(o.formatValue(v))}</text>`);
  }
  for (let d = first; d <= last; d++) {
    const date = new Date(d * 86_400_000);
    if (date.getUTCDate() !== 1) continue;
    parts.push(`<line x1="${num(x(d))}" x2="${num(x(d))}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text x="${num(x(d))}" y="${height - PAD.bottom + 14}" font-size="11" text-anchor="middle">${MONTHS[date.getUTCMonth()]} ${String(date.getUTCFullYear()).slice(2)}</text>`);
  }
  if (o.forecast.length > 0) {
    const upper = o.forecast.map((f, i): [number, number] => [o.forecastStart + i, f.high]);
    const lower = o.forecast.map((f, i): [number, number] => [o.forecastStart + i, f.low]).reverse();
    parts.push(`<path class="band" d="${path([...upper, ...lower])}Z" fill="#c6dcf5" stroke="none"><title>forecast band (about 95%)</title></path>`);
  }
  const whole = o.days.map((d, i): [number, number] => [d, o.values[i]!]);
  parts.push(`<path class="history" d="${path(whole)}" fill="none" stroke="#2f855a" stroke-width="1.2"><title>daily totals</title></path>`);
  o.days.forEach((d, i) => {
    if (o.partial[i]) parts.push(`<circle class="partial" cx="${num(x(d))}" cy="${num(y(o.values[i]!))}" r="2.5" fill="#fff" stroke="#2f855a"><title>partial day</title></circle>`);
  });
  if (o.fitted.length > 0) parts.push(`<path class="trend" d="${path(o.fitted.map((v, i) => [o.fittedStart + i, v]))}" fill="none" stroke="#1a202c" stroke-width="1.5"><title>trend (weekday-aware)</title></path>`);
  if (o.forecast.length > 0) {
    parts.push(`<path class="forecast" d="${path(o.forecast.map((f, i) => [o.forecastStart + i, f.value]))}" fill="none" stroke="#2b6cb0" stroke-width="1.5" stroke-dasharray="4 3"><title>forecast</title></path>`);
  }
  const legend = [['#2f855a', 'daily total'], ['#1a202c', 'trend'], ['#2b6cb0', 'forecast'], ['#c6dcf5', 'forecast band']]
    .map(([color, name], i) => `<rect x="${PAD.left + i * 130}" y="${height - 15}" width="10" height="10" fill="${color}"/><text x="${PAD.left + i * 130 + 14}" y="${height - 6}" font-size="11">${name}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" role="img" aria-label="${escapeXml(o.title)}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif">${parts.join('')}${legend}</svg>`;
}
