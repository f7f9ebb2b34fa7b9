import type { NetworkStatus } from '../collector/collector-api.js';

const MAX_ERROR_CHARS = 60;
const MAX_GAPS_SHOWN = 3;
const HEADERS = ['ORG', 'NETWORK', 'FRESHNESS', 'CHECKPOINT (UTC)', 'CHECKPOINT AGE', 'LAST RESULT', 'LAST ERROR', 'POINTS', 'GAPS'];

/** A duration (freshness, checkpoint age): `3d 4h`, `5h 12m`, `42m`; null -> `-`. */
export function formatLag(ms: number | null): string {
  if (ms === null) return '-';
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (d > 0) return `${d}d ${h}h`;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

export function formatTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** On one line, cut to `max` characters with `...`. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}

function row(s: NetworkStatus): string[] {
  const name = s.networkName && s.networkName !== s.networkId ? `${s.networkName} (${s.networkId})` : s.networkId;
  const givenUp = s.rejectsGivenUp ? ` (${s.rejectsGivenUp} rejected given up)` : '';
  const last = s.lastResult === null ? '-' : `${s.lastResult} ${formatTime(s.lastRunAtMs)}${givenUp}`;
  const shown = s.gaps.slice(-MAX_GAPS_SHOWN).map((g) => `${formatTime(g.fromMs)}..${formatTime(g.toMs)}`);
  if (s.gaps.length > MAX_GAPS_SHOWN) shown.unshift('...');
  const gaps = s.gaps.length === 0 ? '0' : `${s.gaps.length} (${shown.join(', ')})`;
  return [s.orgId, name, formatLag(s.freshnessMs), formatTime(s.checkpointMs), formatLag(s.checkpointAgeMs), last, truncate(s.lastError ?? '-', MAX_ERROR_CHARS), String(s.pointsWritten), gaps];
}

/** A left-aligned text table, one network per line; a hint when nothing was collected yet. */
export function formatStatusTable(statuses: readonly NetworkStatus[]): string {
  if (statuses.length === 0) return 'no network collected yet (run `meraki-usage once` first)\n';
  return `${padTable([HEADERS, ...statuses.map(row)])}\n`;
}

/** Rows as left-aligned columns two spaces apart (the first row sets the column count). */
export function padTable(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
