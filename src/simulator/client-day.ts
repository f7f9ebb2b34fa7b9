/**
 * One client's day, computed from a hash (nothing stored): activity, IP, SSID and usage per SSID.
 * Usage is in eighths of a kilobyte (integers), so kilobyte values are exact binary fractions and
 * per-SSID parts sum exactly to the totals in any order.
 */
import { below, hash4, unit } from './hash.js';
import type { SimClient } from './world-types.js';

/** SSID number of the usage of wired clients. */
export const WIRED_SSID = -1;

/** Up to two per-SSID parts of a day (allocated once, reused). */
export class DayParts {
  count = 0;
  readonly ssid = [0, 0];
  readonly recv = [0, 0];
  readonly sent = [0, 0];
  /** SSID used most that day (WIRED_SSID for wired clients). */
  dominant = WIRED_SSID;

  totalRecv(): number {
    return this.count === 0 ? 0 : this.count === 1 ? (this.recv[0] as number) : (this.recv[0] as number) + (this.recv[1] as number);
  }

  totalSent(): number {
    return this.count === 0 ? 0 : this.count === 1 ? (this.sent[0] as number) : (this.sent[0] as number) + (this.sent[1] as number);
  }

  /** Received/sent on one SSID, written into out[0], out[1]. */
  onSsid(ssidNumber: number, out: number[]): void {
    out[0] = 0;
    out[1] = 0;
    for (let p = 0; p < this.count; p++) {
      if (this.ssid[p] === ssidNumber) {
        out[0] = this.recv[p] as number;
        out[1] = this.sent[p] as number;
      }
    }
  }
}

export function isActive(seed: number, c: SimClient, day: number): boolean {
  if (day < c.firstDay || day > c.lastDay) return false;
  return c.activePct >= 100 || below(hash4(seed, c.globalIndex, day, 1), 100) < c.activePct;
}

/** The client's IP on a day (it alternates between two addresses, one lease period each). */
export function ipOnDay(c: SimClient, day: number): string {
  if (c.leaseDays === 0 || c.ipSecondary === null) return c.ipPrimary;
  return Math.floor((day + c.leasePhase) / c.leaseDays) % 2 === 1 ? c.ipSecondary : c.ipPrimary;
}

/**
 * Fills `out` with the day's usage. `elapsedPerMille`-style partial days: the fraction elapsed/length of
 * the day has happened (elapsed >= length: the whole day). `growth` multiplies the day's level (growth model). Each part is scaled on its own, so parts still sum.
 */
export function dayParts(seed: number, c: SimClient, day: number, elapsedMs: number, lengthMs: number, out: DayParts, growth = 1): void {
  out.count = 0;
  out.dominant = c.ssidPrimary ?? WIRED_SSID;
  if (elapsedMs <= 0 || !isActive(seed, c, day)) return;
  const weekday = (day + 4) % 7;
  const weekend = weekday === 0 || weekday === 6 ? 0.6 : 1;
  const recv = Math.max(1, Math.floor(c.levelEighths * growth * (0.25 + unit(hash4(seed, c.globalIndex, day, 2)) * 1.5) * weekend));
  const sent = Math.max(1, Math.floor((recv * c.sentPerMille) / 1000));
  const scale = elapsedMs >= lengthMs ? 1 : elapsedMs / lengthMs;
  if (c.ssidPrimary === null) {
    setPart(out, WIRED_SSID, recv, sent, scale);
    return;
  }
  const h = hash4(seed, c.globalIndex, day, 3);
  const dominant = c.ssidSecondary !== null && below(h, 100) < 25 ? c.ssidSecondary : c.ssidPrimary;
  out.dominant = dominant;
  if (c.ssidSecondary === null || below(hash4(h, 4), 100) >= 30) {
    setPart(out, dominant, recv, sent, scale);
    return;
  }
  const other = dominant === c.ssidPrimary ? c.ssidSecondary : c.ssidPrimary;
  const minorPerMille = 10 + below(hash4(h, 5), 390);
  const minorRecv = Math.floor((recv * minorPerMille) / 1000);
  const minorSent = Math.floor((sent * minorPerMille) / 1000);
  const [first, second] = dominant < other ? [dominant, other] : [other, dominant];
  const firstIsDominant = first === dominant;
  setPart(out, first, firstIsDominant ? recv - minorRecv : minorRecv, firstIsDominant ? sent - minorSent : minorSent, scale);
  setPart(out, second, firstIsDominant ? minorRecv : recv - minorRecv, firstIsDominant ? minorSent : sent - minorSent, scale);
}

function setPart(out: DayParts, ssid: number, recv: number, sent: number, scale: number): void {
  const r = scale === 1 ? recv : Math.floor(recv * scale);
  const s = scale === 1 ? sent : Math.floor(sent * scale);
  if (r === 0 && s === 0) return;
  const p = out.count++;
  out.ssid[p] = ssid;
  out.recv[p] = r;
  out.sent[p] = s;
}
