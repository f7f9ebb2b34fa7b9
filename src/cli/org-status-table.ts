import type { OrgStatus } from '../collector/collector-api.js';
import { formatTime, padTable, truncate } from './status-table.js';

const HEADERS = ['ORG', 'LAST RESULT', 'FAILED RUNS IN A ROW', 'LAST ERROR'];
const MAX_ERROR_CHARS = 100;

/** `status`'s organization section: each organization's last result; empty when no run recorded one. */
export function formatOrgStatusTable(orgs: readonly OrgStatus[]): string {
  if (orgs.length === 0) return '';
  const rows = orgs.map((o) => [
    o.orgId,
    o.lastResult === null ? '-' : `${o.lastResult} ${formatTime(o.lastRunAtMs)}`,
    String(o.consecutiveFailures),
    truncate(o.lastError ?? '-', MAX_ERROR_CHARS),
  ]);
  return `\norganizations:\n${padTable([HEADERS, ...rows])}\n`;
}
