import { expect } from 'vitest';
import type { CollectedData } from './collected-data.js';
import { records } from './collected-data.js';
import { dataPanels, substitute, type Dashboard, type MacroValues } from './grafana.js';

export const ALL = '.*';
export const total = (u: { recv: number; sent: number }): number => u.recv + u.sent;
export const close = (actual: unknown, expected: number): void => expect(Number(actual)).toBeCloseTo(expected, 6);

/** Runs a panel's queries (every target) with the macros substituted; the rows of all their series. */
export async function runPanel(data: CollectedData, d: Dashboard, title: string, m: MacroValues): Promise<Record<string, unknown>[]> {
  const panel = dataPanels(d).find((p) => p.title === title);
  if (!panel) throw new Error(`no panel "${title}" in ${d.uid}`);
  const out: Record<string, unknown>[] = [];
  for (const t of panel.targets ?? []) out.push(...records(await data.query(substitute(t.query ?? '', m))));
  return out;
}

/** The values a query variable offers (its query run with the other variables' values), sorted. */
export async function variableValues(data: CollectedData, d: Dashboard, name: string, vars: Record<string, string>): Promise<string[]> {
  const v = d.templating.list.find((x) => x.name === name);
  if (!v?.query) throw new Error(`no query variable ${name} in ${d.uid}`);
  const q = substitute(v.query, { fromMs: 0, toMs: 0, interval: '1d', vars });
  return records(await data.query(q)).map((r) => String(r.value)).sort();
}

/** Registers checks by panel title, and tells which panels of the dashboard have none. */
export function panelChecks(d: Dashboard, register: (title: string, fn: () => Promise<void>) => void) {
  const checked = new Set<string>();
  return {
    check(title: string, fn: () => Promise<void>): void {
      checked.add(title);
      register(title, fn);
    },
    unchecked: (): string[] => dataPanels(d).map((p) => p.title).filter((t) => !checked.has(t)),
  };
}
