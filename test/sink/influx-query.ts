import { randomBytes } from 'node:crypto';

/** InfluxQL against a 1.x server (tests only); returns the first statement's series. */
export async function influxQuery(
  url: string,
  q: string,
  db?: string,
  auth?: { username: string; password: string },
): Promise<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[]> {
  const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
  // InfluxDB 1.x reads u/p from the URL query only (not from a form body); Basic auth works everywhere.
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  const res = await fetch(`${url}/query`, { method: 'POST', body: params, headers });
  const body = (await res.json()) as { results?: { series?: []; error?: string }[]; error?: string };
  const first = body.results?.[0];
  if (!res.ok || body.error || first?.error) throw new Error(`InfluxQL failed (${res.status}): ${body.error ?? first?.error} for ${q}`);
  return first?.series ?? [];
}

/** A database name no other test file uses. */
export function uniqueDatabase(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Usage records as the Meraki API returns them: `clients` clients x `days` daily buckets, fractional kilobytes. */
export function apiRecords(clients: number, days: number, startSeconds: number): unknown[] {
  return Array.from({ length: clients }, (_, c) => ({
    clientId: `k${(0x100000 + c).toString(16)}`,
    clientIp: c % 5 === 0 ? null : `10.0.${c >> 8}.${c & 255}`,
    clientMac: `02:00:00:00:${((c >> 8) & 255).toString(16).padStart(2, '0')}:${(c & 255).toString(16).padStart(2, '0')}`,
    usageHistory: Array.from({ length: days }, (_, d) => ({
      ts: new Date((startSeconds + d * 86400) * 1000 + (c % 7) * 13).toISOString(),
      recv: Math.round((c * 31 + d) * 1.37 * 1000) / 1000,
      sent: ((c + 1) * (d + 1)) / 8,
    })),
  }));
}
