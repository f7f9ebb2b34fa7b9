/** One row of the stderr table: a figure, its goal, and whether it is met (null: not applicable or missing). */
export interface TableRow {
  section: string;
  figure: string;
  value: string;
  goal: string;
  met: boolean | null;
}

/** Reads a nested value by path (`a.b.c`) from a section's plain object; undefined when absent. */
export function pick(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

export function formatTable(rows: readonly TableRow[]): string {
  const cells = rows.map((r) => [r.section, r.figure, r.value, r.goal, r.met === null ? '-' : r.met ? 'yes' : 'NO']);
  const head = ['section', 'figure', 'value', 'goal', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
