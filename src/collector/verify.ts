import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { MerakiClient } from '../meraki/index.js';
import { DAY_MS, planWindow } from '../planning/windows.js';
import type { DeleteSelector, InfluxDeleter } from '../sink/influx-delete.js';
import { StoredUsageUnsupportedError, type StoredUsageReader } from '../sink/stored-usage.js';
import type { Sink } from '../sink/sink.js';
import { encodeUsagePoint } from '../transform/line-protocol.js';
import { addCounts, compareStored, differences, zeroCounts, type DayDiff, type DiffCounts } from './compare-stored.js';
import { planRepair, type RepairPlan, type WrittenTags } from './repair-plan.js';
import { comparedRange, fetchServed, planVerifyUnits, type ServedUsage, type VerifyUnit } from './verify-plan.js';

export interface VerifyDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  meraki: MerakiClient;
  /** An InfluxDB sink: writes the repairs. */
  sink: Sink;
  /** Its read-back (`sink.storedUsage`). */
  storedUsage: StoredUsageReader;
  deleter: InfluxDeleter;
  /** Receives the plan (with the requests it will make) before those requests are made. */
  onPlan?: (plan: VerifyPlanSummary) => void;
  signal?: AbortSignal;
}

export interface VerifyOptions {
  networkId?: string;
  repair?: boolean;
  /** Differences listed per unit. Default 5. */
  examples?: number;
}

export interface VerifyPlanSummary {
  networks: number;
  units: number;
  clients: number;
  /** First and last (UTC) day compared: the lookback's closed days. */
  firstDayMs: number;
  lastDayMs: number;
  /** Requests discovery made (organizations, networks, clients, SSIDs). */
  discoveryRequests: number;
  /** Usage requests the comparison will make: one per client chunk (more only on Link pages or 414 splits). */
  usageRequests: number;
  ratePerOrgPerSecond: number;
}

export interface UnitVerdict {
  orgId: string;
  networkId: string;
  networkName: string;
  ssidNumber?: number;
  counts: DiffCounts;
  examples: DayDiff[];
  /** Served records that failed validation (not compared). */
  rejected: number;
  repair?: { deleted: number; written: number; after: DiffCounts };
  error?: string;
}

export interface VerifyReport {
  /** False when `networkId` is not among the planned networks (nothing was compared). */
  networkFound: boolean;
  plan: VerifyPlanSummary | null;
  units: UnitVerdict[];
  /** Over all units, before any repair. */
  totals: DiffCounts;
  /** Over all units after the repair (with `repair`). */
  totalsAfterRepair?: DiffCounts;
  /** Every unit compared and (after the repair, if any) no difference. */
  agree: boolean;
  requests: number;
}

/**
 * `meraki-usage verify`: for every planned network (and SSID unit), fetches what Meraki still serves (the
 * lookback, closed days) and compares it client-day by client-day with what the sink holds (`compareStored`).
 * With `repair`, deletes the extra series points and writes Meraki's values (`planRepair`), then compares again
 * (re-reading the sink, against the same served data: no second round of Meraki requests).
 */
export async function runVerify(deps: VerifyDeps, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { config, signal } = deps;
  const nowMs = deps.clock.now();
  const before = deps.meraki.stats().requests;
  const t0Ms = planWindow({ checkpointMs: null, nowMs, lookbackSeconds: config.collection.lookbackSeconds, mode: 'backfill' }).t0Ms;
  const range = comparedRange(t0Ms, nowMs);
  const units = await planVerifyUnits(deps.meraki, config, t0Ms, options.networkId, signal);
  const report: VerifyReport = { networkFound: units.length > 0 || options.networkId === undefined, plan: null, units: [], totals: zeroCounts(), agree: true, requests: 0 };
  if (!report.networkFound || units.length === 0) return report;
  const plan: VerifyPlanSummary = {
    networks: new Set(units.map((u) => u.networkId)).size,
    units: units.length,
    clients: units.filter((u) => u.ssidNumber === undefined).reduce((n, u) => n + u.ids.length, 0),
    firstDayMs: Math.floor(t0Ms / DAY_MS) * DAY_MS,
    lastDayMs: Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS,
    discoveryRequests: deps.meraki.stats().requests - before,
    usageRequests: units.reduce((n, u) => n + u.chunks.length, 0),
    ratePerOrgPerSecond: config.meraki.ratePerOrgPerSecond,
  };
  report.plan = plan;
  // The read-back is tried before any usage request: a sink that cannot answer InfluxQL fails here, for free.
  await readStored(deps, units[0]!, { fromMs: range.fromMs, toMs: range.fromMs + 1 });
  deps.onPlan?.(plan);
  const totalsAfter = zeroCounts();
  for (const unit of units) {
    const verdict = await verifyUnit(deps, unit, { t0Ms, nowMs, range }, options);
    report.units.push(verdict);
    addCounts(report.totals, verdict.counts);
    addCounts(totalsAfter, verdict.repair?.after ?? verdict.counts);
    if (verdict.error || differences(verdict.repair?.after ?? verdict.counts) > 0) report.agree = false;
  }
  if (options.repair) report.totalsAfterRepair = totalsAfter;
  report.requests = deps.meraki.stats().requests - before;
  return report;
}

async function verifyUnit(
  deps: VerifyDeps,
  unit: VerifyUnit,
  window: { t0Ms: number; nowMs: number; range: { fromMs: number; toMs: number } },
  options: VerifyOptions,
): Promise<UnitVerdict> {
  const verdict: UnitVerdict = {
    orgId: unit.orgId, networkId: unit.networkId, networkName: unit.networkName, counts: zeroCounts(), examples: [], rejected: 0,
    ...(unit.ssidNumber === undefined ? {} : { ssidNumber: unit.ssidNumber }),
  };
  const log = deps.logger.child({ org: unit.orgId, network: unit.networkId, ...(unit.ssidNumber === undefined ? {} : { ssid: unit.ssidNumber }) });
  try {
    const served = await fetchServed(deps.meraki.org(unit.orgId), unit, window, deps.config, log, deps.signal);
    verdict.rejected = served.rejected;
    const asked = askedClients(unit, served);
    const first = compareStored(served.days, await readStored(deps, unit, window.range), asked);
    verdict.counts = first.counts;
    verdict.examples = first.diffs.slice(0, options.examples ?? 5);
    if (options.repair && first.diffs.length > 0) {
      const repair = planRepair(first.diffs);
      await applyRepair(deps, unit, repair);
      const after = compareStored(served.days, await readStored(deps, unit, window.range), asked);
      verdict.repair = { deleted: repair.deletes.length, written: repair.writes.length, after: after.counts };
      log.info('verify: repaired', { deleted: repair.deletes.length, written: repair.writes.length, ...after.counts });
    } else if (options.repair) {
      verdict.repair = { deleted: 0, written: 0, after: first.counts };
    }
  } catch (err) {
    if (err instanceof StoredUsageUnsupportedError || deps.signal?.aborted) throw err;
    verdict.error = err instanceof Error ? err.message : String(err);
    log.error('verify: unit failed', { err });
  }
  return verdict;
}

/**
 * The clients whose stored days Meraki's answer covers: those asked for by key and those it answered for (an
 * explicit set asks by MAC or IP, stored points carry the key), less those with a rejected record.
 */
function askedClients(unit: VerifyUnit, served: ServedUsage): Set<string> {
  if (served.rejectedUnknown) return new Set();
  const asked = new Set([...unit.ids, ...served.days.map((d) => d.client)]);
  for (const c of served.rejectedClients) asked.delete(c);
  return asked;
}

function readStored(deps: VerifyDeps, unit: VerifyUnit, range: { fromMs: number; toMs: number }) {
  return deps.storedUsage(
    { measurement: unit.measurement, org: unit.orgId, network: unit.networkId, fromMs: range.fromMs, toMs: range.toMs, ...(unit.ssidNumber === undefined ? {} : { ssidNumber: unit.ssidNumber }) },
    deps.signal,
  );
}

/** Deletes first (so a rewritten kept series is never taken by a delete), then the writes. */
async function applyRepair(deps: VerifyDeps, unit: VerifyUnit, repair: RepairPlan): Promise<void> {
  const selectors: DeleteSelector[] = repair.deletes.map((d) => ({
    measurement: unit.measurement,
    tags: seriesTags(unit, d.client, d.tags),
    fromMs: d.dayMs,
    toMs: d.dayMs,
  }));
  if (selectors.length > 0) await deps.deleter.deletePoints(selectors, deps.signal);
  const lines = repair.writes.map((w) =>
    encodeUsagePoint({
      timeSeconds: w.dayMs / 1000, org: unit.orgId, network: unit.networkId, client: w.client, ...w.tags, recvKb: w.recvKb, sentKb: w.sentKb,
      ...(unit.ssidNumber === undefined ? {} : { ssidNumber: unit.ssidNumber }),
    }),
  );
  if (lines.length > 0) await deps.sink.write(lines, deps.signal);
}

/** Every tag key of the series, '' for the absent ones, so that the delete hits this series and no other. */
function seriesTags(unit: VerifyUnit, client: string, tags: WrittenTags): Record<string, string> {
  return {
    org: unit.orgId, network: unit.networkId, client, mac: tags.mac, ip: tags.ip, ssid: tags.ssid,
    ...(unit.ssidNumber === undefined ? {} : { ssid_number: String(unit.ssidNumber) }),
  };
}
