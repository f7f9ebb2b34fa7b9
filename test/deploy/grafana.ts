import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a Grafana dashboard JSON model these tests read. */
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: TemplateVar[] };
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  interval?: string;
  targets?: Target[];
  fieldConfig?: { defaults?: { unit?: string } };
}

export interface Target {
  refId: string;
  rawQuery?: boolean;
  query?: string;
  resultFormat?: string;
  alias?: string;
  datasource?: { type: string; uid: string };
}

export interface TemplateVar {
  name: string;
  type: string;
  query?: string;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  datasource?: { type: string; uid: string };
}

export const DASHBOARD_DIR = join(import.meta.dirname, '../../config/grafana/dashboards');

/** Every dashboard file, parsed: name -> model. */
export function loadDashboards(): Map<string, Dashboard> {
  const out = new Map<string, Dashboard>();
  for (const file of readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json')).sort()) {
    out.set(file, JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as Dashboard);
  }
  return out;
}

export function loadDashboard(uid: string): Dashboard {
  const found = [...loadDashboards().values()].find((d) => d.uid === uid);
  if (!found) throw new Error(`no dashboard with uid ${uid} in ${DASHBOARD_DIR}`);
  return found;
}

/** Panels that show data (rows left out). */
export function dataPanels(d: Dashboard): Panel[] {
  return d.panels.filter((p) => p.type !== 'row');
}

/** The `$name` / `${name}` references in a text (Grafana's variable syntax), without duplicates. */
export function variableRefs(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g)) names.add((m[1] ?? m[2]) as string);
  return [...names];
}

/** How a test fills Grafana's macros and the dashboard's variables (values are already regex-ready). */
export interface MacroValues {
  fromMs: number;
  toMs: number;
  /** `$__interval`, e.g. `1d`. */
  interval: string;
  vars: Record<string, string>;
}

/**
 * A query as Grafana's InfluxQL data source sends it: `$timeFilter` becomes `time >= <from>ms and time <= <to>ms`
 * (an absolute range), `$__interval` the interval, `$name` the variable's value. Throws on anything left over.
 */
export function substitute(query: string, m: MacroValues): string {
  const out = query
    .replaceAll('$timeFilter', `time >= ${m.fromMs}ms and time <= ${m.toMs}ms`)
    .replaceAll('$__interval', m.interval)
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => {
      const name = (a ?? b) as string;
      const value = m.vars[name];
      if (value === undefined) throw new Error(`no value for ${whole} in: ${query}`);
      return value;
    });
  if (/\$[{\w]/.test(out)) throw new Error(`unsubstituted macro left in: ${out}`);
  return out;
}

/** Escapes a value for a `=~ /^$var$/` regex, as Grafana does for multi-value variables. */
export function regexValue(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}
