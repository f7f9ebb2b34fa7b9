import { describe, expect, it } from 'vitest';
import { compareStored, sameKb, type ServedDay } from '../../src/collector/compare-stored.js';
import { planRepair } from '../../src/collector/repair-plan.js';
import type { StoredUsageRow } from '../../src/sink/stored-usage.js';

const D = 86_400_000;
const D0 = Date.UTC(2026, 4, 1);

const served = (client: string, day: number, recvKb: number, sentKb: number, ip = '10.0.0.1'): ServedDay => ({
  client, dayMs: D0 + day * D, mac: `m-${client}`, ip, ssid: 'Corp', recvKb, sentKb,
});
const row = (client: string, day: number, recvKb: number, sentKb: number, ip = '10.0.0.1', ssid: string | null = 'Corp'): StoredUsageRow => ({
  timeMs: D0 + day * D, client, mac: `m-${client}`, ip, ...(ssid === null ? {} : { ssid }), recvKb, sentKb,
});

interface Case {
  name: string;
  served: ServedDay[];
  stored: StoredUsageRow[];
  asked?: string[];
  counts: Partial<Record<'ok' | 'missing' | 'wrong' | 'duplicated' | 'extra' | 'notChecked', number>>;
  kinds: string[];
}

const CASES: Case[] = [
  { name: 'all agree', served: [served('a', 0, 1, 2), served('a', 1, 3, 4)], stored: [row('a', 0, 1, 2), row('a', 1, 3, 4)], counts: { ok: 2 }, kinds: [] },
  { name: 'a point deleted', served: [served('a', 0, 1, 2), served('a', 1, 3, 4)], stored: [row('a', 0, 1, 2)], counts: { ok: 1, missing: 1 }, kinds: ['missing a 1'] },
  { name: 'a value changed', served: [served('a', 0, 1, 2)], stored: [row('a', 0, 1, 2.5)], counts: { wrong: 1 }, kinds: ['wrong a 0'] },
  { name: 'float formatting is not a difference', served: [served('a', 0, 0.1 + 0.2, 2)], stored: [row('a', 0, 0.3, 2)], counts: { ok: 1 }, kinds: [] },
  {
    name: 'a second series for a day (IP moved)',
    served: [served('a', 0, 1, 2), served('a', 1, 3, 4)],
    stored: [row('a', 0, 1, 2), row('a', 1, 3, 4), row('a', 1, 3, 4, '10.9.9.9')],
    counts: { ok: 1, duplicated: 1 },
    kinds: ['duplicated a 1'],
  },
  { name: 'duplicated wins over wrong', served: [served('a', 0, 1, 2)], stored: [row('a', 0, 9, 9), row('a', 0, 1, 2, '10.9.9.9')], counts: { duplicated: 1 }, kinds: ['duplicated a 0'] },
  { name: 'no usage on either side is not counted', served: [served('a', 0, 0, 0), served('a', 1, 0, 0)], stored: [row('a', 1, 0, 0)], counts: {}, kinds: [] },
  { name: 'a 0/0 point where Meraki has nothing is not counted', served: [], stored: [row('a', 3, 0, 0)], asked: ['a'], counts: {}, kinds: [] },
  { name: 'usage where Meraki serves 0/0 is wrong', served: [served('a', 0, 0, 0)], stored: [row('a', 0, 4, 0)], counts: { wrong: 1 }, kinds: ['wrong a 0'] },
  { name: 'usage stored where Meraki has none is extra', served: [served('a', 0, 1, 2)], stored: [row('a', 0, 1, 2), row('a', 2, 5, 5)], counts: { ok: 1, extra: 1 }, kinds: ['extra a 2'] },
  { name: 'clients not asked for are not checked', served: [], stored: [row('z', 0, 5, 5), row('z', 1, 5, 5)], asked: [], counts: { notChecked: 2 }, kinds: [] },
  {
    name: 'every kind at once, diffs ordered by client and day',
    served: [served('b', 1, 1, 1), served('a', 2, 2, 2), served('a', 0, 1, 1), served('c', 0, 7, 7)],
    stored: [row('b', 1, 1, 1), row('b', 1, 1, 1, '10.0.0.2'), row('a', 0, 1, 2), row('c', 0, 7, 7), row('c', 4, 1, 0)],
    counts: { ok: 1, missing: 1, wrong: 1, duplicated: 1, extra: 1 },
    kinds: ['wrong a 0', 'missing a 2', 'duplicated b 1', 'extra c 4'],
  },
];

describe('compareStored', () => {
  it.each(CASES)('$name', (c) => {
    const asked = new Set(c.asked ?? [...new Set(c.served.map((s) => s.client))]);
    const result = compareStored(c.served, c.stored, asked);
    expect(result.counts).toEqual({ ok: 0, missing: 0, wrong: 0, duplicated: 0, extra: 0, notChecked: 0, ...c.counts });
    expect(result.diffs.map((d) => `${d.kind} ${d.client} ${(d.dayMs - D0) / D}`)).toEqual(c.kinds);
  });

  it('keeps, of a duplicated day, the tag set the client has on most days', () => {
    const stored = [row('a', 0, 1, 1, '10.0.0.2'), row('a', 1, 1, 1, '10.0.0.1'), row('a', 1, 1, 1, '10.0.0.2'), row('a', 2, 1, 1, '10.0.0.2')];
    const [d] = compareStored([0, 1, 2].map((day) => served('a', day, 1, 1)), stored, new Set(['a'])).diffs;
    expect(d?.keep?.ip).toBe('10.0.0.2');
  });

  it('sameKb tolerates float formatting only', () => {
    expect(sameKb(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameKb(1e12, 1e12 + 1e-3)).toBe(true);
    expect(sameKb(1, 1.000001)).toBe(false);
    expect(sameKb(0, 1e-6)).toBe(false);
  });
});

describe('planRepair', () => {
  it('writes Meraki values under the right tags, deletes the extra series and the extra days', () => {
    const c = CASES.at(-1)!;
    const { diffs } = compareStored(c.served, c.stored, new Set(['a', 'b', 'c']));
    const plan = planRepair(diffs);
    expect(plan.deletes).toEqual([
      { client: 'b', dayMs: D0 + D, tags: { mac: 'm-b', ip: '10.0.0.2', ssid: 'Corp' } },
      { client: 'c', dayMs: D0 + 4 * D, tags: { mac: 'm-c', ip: '10.0.0.1', ssid: 'Corp' } },
    ]);
    expect(plan.writes).toEqual([
      { client: 'a', dayMs: D0, tags: { mac: 'm-a', ip: '10.0.0.1', ssid: 'Corp' }, recvKb: 1, sentKb: 1 },
      { client: 'a', dayMs: D0 + 2 * D, tags: { mac: 'm-a', ip: '10.0.0.1', ssid: 'Corp' }, recvKb: 2, sentKb: 2 },
      { client: 'b', dayMs: D0 + D, tags: { mac: 'm-b', ip: '10.0.0.1', ssid: 'Corp' }, recvKb: 1, sentKb: 1 },
    ]);
  });

  it('a wrong day keeps its stored tag set (a wired point stays without ssid), a missing day takes the current tags', () => {
    const { diffs } = compareStored([served('a', 0, 5, 5, '10.1.1.1'), served('a', 1, 6, 6, '10.1.1.1')], [row('a', 0, 1, 1, '10.0.0.7', null)], new Set(['a']));
    expect(planRepair(diffs).writes.map((w) => w.tags)).toEqual([
      { mac: 'm-a', ip: '10.0.0.7', ssid: '' },
      { mac: 'm-a', ip: '10.1.1.1', ssid: 'Corp' },
    ]);
  });
});
