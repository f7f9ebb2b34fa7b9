import type { Redact } from './redact.js';

export interface LoggableOptions {
  redact: Redact;
  /** Include `stack` of errors (debug level only). */
  stacks: boolean;
}

const MAX_DEPTH = 8;
const MAX_ITEMS = 100;
const ERROR_KEYS_SKIPPED = new Set(['stack', 'message', 'name', 'cause', 'errors']);

/**
 * A JSON-safe copy of `value` with every string (keys included) passed through `redact`. Errors become
 * `{ name, message, <primitive own fields such as status or code>, cause, errors }`; cycles, depth and sizes bounded.
 */
export function toLoggable(value: unknown, options: LoggableOptions): unknown {
  return convert(value, options, 0, new Set());
}

function convert(value: unknown, o: LoggableOptions, depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string') return o.redact(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return o.redact(value.toString());
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  try {
    return convertObject(value, o, depth + 1, seen);
  } finally {
    seen.delete(value);
  }
}

function convertObject(value: object, o: LoggableOptions, depth: number, seen: Set<object>): unknown {
  if (value instanceof Error) return convertError(value, o, depth, seen);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof URL) return o.redact(value.href);
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof Map) return convertEntries([...value.entries()].map(([k, v]) => [String(k), v]), o, depth, seen);
  if (Array.isArray(value) || value instanceof Set) {
    const items = [...value];
    const out = items.slice(0, MAX_ITEMS).map((v) => convert(v, o, depth, seen));
    if (items.length > MAX_ITEMS) out.push(`[${items.length - MAX_ITEMS} more]`);
    return out;
  }
  return convertEntries(Object.entries(value), o, depth, seen);
}

function convertEntries(entries: [string, unknown][], o: LoggableOptions, depth: number, seen: Set<object>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries.slice(0, MAX_ITEMS)) {
    if (v !== undefined) out[o.redact(k)] = convert(v, o, depth, seen);
  }
  if (entries.length > MAX_ITEMS) out['[more]'] = entries.length - MAX_ITEMS;
  return out;
}

function convertError(err: Error, o: LoggableOptions, depth: number, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: o.redact(String(err.name)), message: o.redact(String(err.message)) };
  for (const [k, v] of Object.entries(err)) {
    if (ERROR_KEYS_SKIPPED.has(k)) continue;
    if (v === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof v)) out[o.redact(k)] = convert(v, o, depth, seen);
  }
  if (o.stacks && typeof err.stack === 'string') out['stack'] = o.redact(err.stack);
  if (err.cause !== undefined) out['cause'] = convert(err.cause, o, depth, seen);
  if (err instanceof AggregateError) out['errors'] = convert(err.errors, o, depth, seen);
  return out;
}
