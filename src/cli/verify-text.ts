import { differences, tagSetText, type DayDiff, type DiffCounts } from '../collector/compare-stored.js';
import type { UnitVerdict, VerifyPlanSummary, VerifyReport } from '../collector/verify.js';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What verify will do, printed before its usage requests. */
export function verifyPlanText(p: VerifyPlanSummary): string {
  const seconds = Math.ceil(p.usageRequests / p.ratePerOrgPerSecond);
  return (
    `verify: ${p.networks} network(s), ${p.units} unit(s), ${p.clients} client(s), closed days ${day(p.firstDayMs)} to ${day(p.lastDayMs)}; ` +
    `discovery made ${p.discoveryRequests} request(s); the comparison needs ~${p.usageRequests} usage request(s) ` +
    `(~${seconds} s at ${p.ratePerOrgPerSecond}/s per organization), then one InfluxQL query per unit`
  );
}

export function countsText(c: DiffCounts): string {
  const text = `${c.ok} ok, ${c.missing} missing, ${c.wrong} wrong, ${c.duplicated} duplicated, ${c.extra} extra`;
  return c.notChecked > 0 ? `${text} (${c.notChecked} stored client-day(s) of clients outside the client set not checked)` : text;
}

function kb(v: { recvKb: number; sentKb: number }): string {
  return `recv ${v.recvKb} sent ${v.sentKb} kB`;
}

export function diffText(d: DayDiff): string {
  const head = `${d.kind.padEnd(10)} client ${d.client} ${day(d.dayMs)}:`;
  if (d.kind === 'missing') return `${head} Meraki ${kb(d.served!)}, nothing stored`;
  if (d.kind === 'wrong') return `${head} Meraki ${kb(d.served!)}, stored ${kb(d.stored[0]!)}`;
  if (d.kind === 'extra') return `${head} Meraki has no usage, stored ${d.stored.map((r) => `${kb(r)} [${tagSetText(r)}]`).join('; ')}`;
  const series = d.stored.map((r) => `${kb(r)} [${tagSetText(r)}]${r === d.keep ? ' (kept)' : ''}`);
  return `${head} ${d.stored.length} series, Meraki ${kb(d.served!)}: ${series.join('; ')}`;
}

function unitName(u: UnitVerdict): string {
  return `network ${u.networkId} (${u.networkName})${u.ssidNumber === undefined ? '' : ` ssid ${u.ssidNumber}`}`;
}

/** The report for people: one line per unit, its examples, the repair, and the total. */
export function verifyReportText(r: VerifyReport): string[] {
  const lines: string[] = [];
  for (const u of r.units) {
    if (u.error) {
      lines.push(`${unitName(u)}: FAILED: ${u.error}`);
      continue;
    }
    lines.push(`${unitName(u)}: ${countsText(u.counts)}${u.rejected > 0 ? `, ${u.rejected} rejected record(s) from Meraki not compared` : ''}`);
    for (const d of u.examples) lines.push(`  ${diffText(d)}`);
    const shown = u.examples.length;
    if (differences(u.counts) > shown) lines.push(`  ... and ${differences(u.counts) - shown} more`);
    if (u.repair && (u.repair.deleted > 0 || u.repair.written > 0)) {
      lines.push(`  repaired: ${u.repair.deleted} point(s) deleted, ${u.repair.written} written; now ${countsText(u.repair.after)}`);
    }
  }
  const total = r.units.reduce((n, u) => n + (u.error ? 0 : 1), 0);
  lines.push(`verify: ${total} of ${r.units.length} unit(s) compared: ${countsText(r.totals)}; ${r.requests} Meraki request(s)`);
  if (r.totalsAfterRepair) lines.push(`verify after repair: ${countsText(r.totalsAfterRepair)}`);
  lines.push(r.agree ? 'verify ok: the sink agrees with Meraki' : 'verify FAILED: the sink differs from Meraki (or a unit could not be compared)');
  return lines;
}
