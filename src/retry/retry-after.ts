/**
 * `Retry-After` (RFC 9110) as milliseconds: delta-seconds (`3`; a fraction such as `1.5` is accepted) or an HTTP
 * date (later than `nowMs`, else 0). Undefined when absent or unreadable (`soon`, `-1`). With several values, the
 * first counts. Both the Meraki client and the sinks read it here.
 */
export function parseRetryAfterMs(value: string | string[] | undefined | null, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^[A-Za-z]{3}/.test(text)) return undefined; // an HTTP date starts with the day name; Date.parse is too lenient
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}
