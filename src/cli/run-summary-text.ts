import type { RunSummary } from '../collector/collector-api.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line for people, e.g. `run ok: 1 organization, 3 networks (0 failed), 150 clients, ...`. */
export function runSummaryText(s: RunSummary): string {
  return (
    `run ${s.ok ? 'ok' : 'FAILED'}: ${plural(s.organizations, 'organization')}, ` +
    `${plural(s.networks, 'network')} (${s.networksFailed} failed), ${plural(s.clients, 'client')}, ` +
    `${plural(s.requests, 'request')} (${s.rateLimited} rate-limited, ${plural(s.retries, 'retry').replace('retrys', 'retries')}), ` +
    `${plural(s.points, 'point')} written, ${plural(s.rejectedRecords, 'rejected record')}, ` +
    `${plural(s.gaps, 'gap')}, ${(s.durationMs / 1000).toFixed(1)} s` +
    failedOrgsText(s)
  );
}

/** `; 2 organizations failed: O_1 (HTTP 403 ...), O_2 (...)`, or nothing. */
function failedOrgsText(s: RunSummary): string {
  const failed = (s.orgResults ?? []).filter((r) => !r.ok);
  if (failed.length === 0) return '';
  return `; ${plural(failed.length, 'organization')} failed: ${failed.map((r) => `${r.orgId} (${r.error ?? 'failed'})`).join(', ')}`;
}
