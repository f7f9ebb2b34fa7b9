import type { OrgStatus } from '../collector/collector-api.js';

const HEADERS = ['ORG', 'LAST RESULT', 'FAILED RUNS IN A ROW', 'LAST ERROR'];
const MAX_ERROR_CHARS = 100;

function formatTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** `status`'s organization section: each organization's last result; empty when no run recorded one. */
export function formatOrgStatusTable(orgs: readonly OrgStatus[]): string {
  if (orgs.length === 0) return '';
  const rows = [
    HEADERS,
    ...orgs.map((o) => {
      const error = (o.lastError ?? '-').replace(/\s+/g, ' ');
      return [
        o.orgId,
        o.lastResult === null ? '-' : `${o.lastResult} ${formatTime(o.lastRunAtMs)}`,
        String(o.consecutiveFailures),
        error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 3)}...` : error,
      ];
    }),
  ];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `\norganizations:\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')}\n`;
}
