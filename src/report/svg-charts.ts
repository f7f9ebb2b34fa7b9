/** Inline SVG charts (no scripts, no fonts beyond the system's), for the self-contained HTML report. */

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ChartSeries {
  name: string;
  /** CSS colour. */
  color: string;
  values: readonly number[];
}

export interface ColumnChartOptions {
  /** Accessible name of the chart. */
  title: string;
  labels: readonly string[];
  /** Stacked, bottom first. */
  series: readonly ChartSeries[];
  formatValue: (value: number) => string;
  /** Pixels. Default 880 x 260. */
  width?: number;
  height?: number;
}

const DEFAULT_WIDTH_PX = 880;
const DEFAULT_HEIGHT_PX = 260;
const PAD = { left: 72, right: 12, top: 12, bottom: 40 };
const MAX_X_LABELS = 12;

const num = (n: number): string => String(Math.round(n * 10) / 10);

function legend(series: readonly ChartSeries[], x: number, y: number): string {
  return series
    .map((s, i) => `<rect x="${x + i * 110}" y="${y - 9}" width="10" height="10" fill="${escapeXml(s.color)}"/>` +
      `<text x="${x + i * 110 + 14}" y="${y}" font-size="11">${escapeXml(s.name)}</text>`)
    .join('');
}

/** Stacked columns over periods (days, months), with a value axis and a legend. */
export function columnChart(o: ColumnChartOptions): string {
  const width = o.width ?? DEFAULT_WIDTH_PX;
  const height = o.height ?? DEFAULT_HEIGHT_PX;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const totals = o.labels.map((_, i) => o.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = plotW / Math.max(1, o.labels.length);
  const barW = Math.max(1, step * 0.8);
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${num(y(v))}" y2="${num(y(v))}" stroke="#ddd"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${num(y(v) + 4)}" font-size="11" text-anchor="end">${escapeXml(o.formatValue(v))}</text>`);
  }
  const every = Math.max(1, Math.ceil(o.labels.length / MAX_X_LABELS));
  o.labels.forEach((label, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    let base = 0;
    for (const s of o.series) {
      const v = s.values[i] ?? 0;
      if (v > 0) {
        parts.push(`<rect class="bar" x="${num(x)}" y="${num(y(base + v))}" width="${num(barW)}" height="${num(y(base) - y(base + v))}" ` +
          `fill="${escapeXml(s.color)}"><title>${escapeXml(`${label} ${s.name}: ${o.formatValue(v)}`)}</title></rect>`);
      }
      base += v;
    }
    if (i % every === 0) {
      parts.push(`<text x="${num(x + barW / 2)}" y="${height - PAD.bottom + 14}" font-size="11" text-anchor="middle">${escapeXml(label)}</text>`);
    }
  });
  parts.push(legend(o.series, PAD.left, height - 6));
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(o.title)}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif">${parts.join('')}</svg>`;
}

export interface BarChartOptions {
  title: string;
  items: readonly { label: string; value: number }[];
  color: string;
  formatValue: (value: number) => string;
  /** Pixels. Default 880; the height follows the number of items. */
  width?: number;
}

const BAR_ROW_PX = 22;
const LABEL_W_PX = 240;
const VALUE_W_PX = 90;

/** Horizontal bars, largest first as given (top clients, networks, SSIDs). */
export function barChart(o: BarChartOptions): string {
  const width = o.width ?? DEFAULT_WIDTH_PX;
  const height = Math.max(1, o.items.length) * BAR_ROW_PX + 8;
  const max = Math.max(1, ...o.items.map((i) => i.value));
  const plotW = width - LABEL_W_PX - VALUE_W_PX;
  const rows = o.items.map((item, i) => {
    const top = 4 + i * BAR_ROW_PX;
    const w = Math.max(1, (item.value / max) * plotW);
    const label = item.label.length > 36 ? `${item.label.slice(0, 35)}…` : item.label;
    return `<text x="${LABEL_W_PX - 6}" y="${top + 15}" font-size="12" text-anchor="end">${escapeXml(label)}</text>` +
      `<rect class="bar" x="${LABEL_W_PX}" y="${top + 3}" width="${num(w)}" height="${BAR_ROW_PX - 6}" fill="${escapeXml(o.color)}">` +
      `<title>${escapeXml(`${item.label}: ${o.formatValue(item.value)}`)}</title></rect>` +
      `<text x="${num(LABEL_W_PX + w + 6)}" y="${top + 15}" font-size="12">${escapeXml(o.formatValue(item.value))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(o.title)}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif">${rows.join('')}</svg>`;
}
