import type { StoredUsageRow } from '../sink/stored-usage.js';

/** One client-day as Meraki serves it now, with the client's current tags. */
export interface ServedDay {
  client: string;
  /** Bucket start, ms since the epoch. */
  dayMs: number;
  mac: string;
  ip: string;
  ssid: string;
  recvKb: number;
  sentKb: number;
}

export type DiffKind = 'missing' | 'wrong' | 'duplicated' | 'extra';

/** A client-day where the sink and Meraki disagree. */
export interface DayDiff {
  kind: DiffKind;
  client: string;
  dayMs: number;
  /** What Meraki serves; null for `extra` (stored, but Meraki has no usage that day). */
  served: ServedDay | null;
  /** Every stored point of the client-day (one per tag set), in the reader's order. */
  stored: StoredUsageRow[];
  /** `duplicated`: the point to keep (the client's most used tag set); the others are extra series. */
  keep?: StoredUsageRow;
}

export interface DiffCounts {
  ok: number;
  missing: number;
  wrong: number;
  duplicated: number;
  extra: number;
  /** Stored client-days of clients that were not asked for (outside the client set): not compared. */
  notChecked: number;
}

export interface Comparison {
  counts: DiffCounts;
  /** Every difference, ordered by client and day. */
  diffs: DayDiff[];
}

/**
 * Compares what Meraki serves with what the sink holds, client-day by client-day (pure). Per client-day:
 * one stored point with Meraki's values is `ok`; none is `missing`; one with other values is `wrong`; more than
 * one (the same client and day under several tag sets) is `duplicated`, whatever the values; a stored point of an
 * asked-for client on a day Meraki has no usage for is `extra`. A 0/0 bucket or point is the same as none: a
 * client-day with no usage on either side is not counted. Stored points of clients not in `askedClients` are counted as not checked.
 */
export function compareStored(served: readonly ServedDay[], stored: readonly StoredUsageRow[], askedClients: ReadonlySet<string>): Comparison {
  const counts = zeroCounts();
  const diffs: DayDiff[] = [];
  const storedByDay = new Map<string, StoredUsageRow[]>();
  const usualTags = usualTagSets(stored);
  for (const row of stored) {
    const key = dayKey(row.client, row.timeMs);
    const list = storedByDay.get(key);
    if (list) list.push(row);
    else storedByDay.set(key, [row]);
  }
  const servedByDay = new Map<string, ServedDay>();
  for (const day of served) servedByDay.set(dayKey(day.client, day.dayMs), day);

  for (const [key, day] of servedByDay) {
    const rows = storedByDay.get(key) ?? [];
    storedByDay.delete(key);
    if (isZero(day) && rows.every(isZero)) continue; // no usage on either side: nothing to compare
    const kind = classify(day, rows);
    if (kind === 'ok') counts.ok++;
    else {
      counts[kind]++;
      diffs.push({ kind, client: day.client, dayMs: day.dayMs, served: day, stored: rows, ...(kind === 'duplicated' ? { keep: keepOf(rows, usualTags) } : {}) });
    }
  }
  for (const rows of storedByDay.values()) {
    const first = rows[0]!;
    if (!askedClients.has(first.client)) {
      counts.notChecked++;
      continue;
    }
    if (rows.every(isZero)) continue;
    counts.extra++;
    diffs.push({ kind: 'extra', client: first.client, dayMs: first.timeMs, served: null, stored: rows });
  }
  diffs.sort((a, b) => (a.client < b.client ? -1 : a.client > b.client ? 1 : a.dayMs - b.dayMs));
  return { counts, diffs };
}

function isZero(v: { recvKb: number; sentKb: number }): boolean {
  return v.recvKb === 0 && v.sentKb === 0;
}

function classify(day: ServedDay, rows: readonly StoredUsageRow[]): 'ok' | DiffKind {
  if (rows.length > 1) return 'duplicated';
  const row = rows[0];
  if (!row) return 'missing';
  return sameKb(row.recvKb, day.recvKb) && sameKb(row.sentKb, day.sentKb) ? 'ok' : 'wrong';
}

/** Equal up to float formatting (the values went through line protocol and back). */
export function sameKb(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A stored point's tag set as text (client excluded), e.g. `mac=aa:01 ip=10.0.0.1 ssid=Corp`. */
export function tagSetText(row: StoredUsageRow): string {
  const parts = [`mac=${row.mac ?? ''}`, `ip=${row.ip ?? ''}`, `ssid=${row.ssid ?? ''}`];
  if (row.ssidNumber !== undefined) parts.push(`ssid_number=${row.ssidNumber}`);
  return parts.join(' ');
}

/** Per client, how many stored days each of its tag sets has. */
function usualTagSets(stored: readonly StoredUsageRow[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const row of stored) {
    let sets = out.get(row.client);
    if (!sets) out.set(row.client, (sets = new Map()));
    const text = tagSetText(row);
    sets.set(text, (sets.get(text) ?? 0) + 1);
  }
  return out;
}

/** The point of a duplicated day to keep: the tag set the client has on most days; ties go to the first row. */
function keepOf(rows: readonly StoredUsageRow[], usual: Map<string, Map<string, number>>): StoredUsageRow {
  const sets = usual.get(rows[0]!.client);
  let best = rows[0]!;
  let bestDays = -1;
  for (const row of rows) {
    const days = sets?.get(tagSetText(row)) ?? 0;
    if (days > bestDays) {
      best = row;
      bestDays = days;
    }
  }
  return best;
}

function dayKey(client: string, dayMs: number): string {
  return `${client}\u0000${dayMs}`;
}

export function zeroCounts(): DiffCounts {
  return { ok: 0, missing: 0, wrong: 0, duplicated: 0, extra: 0, notChecked: 0 };
}

export function addCounts(into: DiffCounts, c: DiffCounts): void {
  for (const k of Object.keys(into) as (keyof DiffCounts)[]) into[k] += c[k];
}

/** Client-days that disagree. */
export function differences(c: DiffCounts): number {
  return c.missing + c.wrong + c.duplicated + c.extra;
}
