/** Building request URLs (pure). Arrays are written `name[]=a&name[]=b`, as Meraki expects. */

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** Query parameters in order; undefined/null values and empty arrays are left out. */
export type Query = Record<string, QueryValue>;

/** Encodes a value; commas are kept literal (Meraki's comma-separated lists, and shorter URLs). */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}

export function buildQueryString(query: Query): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) parts.push(`${encodeURIComponent(name)}[]=${encodeQueryValue(item)}`);
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeQueryValue(String(value))}`);
    }
  }
  return parts.join('&');
}

/** `baseUrl` (no trailing slash) + `path` (segments already encoded) + query. */
export function buildApiUrl(baseUrl: string, path: string, query: Query = {}): string {
  const qs = buildQueryString(query);
  return `${baseUrl.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
}

/** One path segment (an id), percent-encoded. */
export function segment(id: string): string {
  if (typeof id !== 'string' || id === '') throw new TypeError(`Expected an id to be a non-empty string, got ${JSON.stringify(id)}`);
  return encodeURIComponent(id);
}
