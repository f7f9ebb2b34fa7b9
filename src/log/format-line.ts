/** The two output formats of a log line: one JSON object, or `time LEVEL msg key=value ...` for people. */

export interface LogRecord {
  time: string;
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

const RESERVED = new Set(['time', 'level', 'msg']);

export function formatJson(r: LogRecord): string {
  const line: Record<string, unknown> = { time: r.time, level: r.level, msg: r.msg };
  for (const [k, v] of Object.entries(r.fields)) line[RESERVED.has(k) ? `field_${k}` : k] = v;
  return JSON.stringify(line);
}

export function formatPretty(r: LogRecord): string {
  const parts = [r.time, r.level.toUpperCase().padEnd(5), r.msg];
  for (const [k, v] of Object.entries(r.fields)) parts.push(`${k}=${prettyValue(v)}`);
  return parts.join(' ');
}

function prettyValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}
