/**
 * RFC 5988 / RFC 8288 `Link` header parsing (pure). Meraki paginates with up to four links
 * (`first`, `prev`, `next`, `last`); `rel` may be quoted or not, and may hold several space-separated types.
 */

/** One link of a Link header: its target exactly as written between `<` and `>`, and its relation types. */
export interface LinkValue {
  url: string;
  rels: string[];
}

/** Splits `value` on `separator` outside `<...>` and `"..."`. */
function splitOutside(value: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inAngle = false;
  let inQuote = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inQuote) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuote = false;
    } else if (ch === '"') inQuote = true;
    else if (ch === '<') inAngle = true;
    else if (ch === '>') inAngle = false;
    else if (ch === separator && !inAngle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

function parseLinkValue(part: string): LinkValue | null {
  const trimmed = part.trim();
  const match = /^<([^>]*)>(.*)$/s.exec(trimmed);
  if (!match) return null;
  const [, url = '', rest = ''] = match;
  const rels: string[] = [];
  for (const param of splitOutside(rest, ';')) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
    for (const rel of unquote(param.slice(eq + 1)).split(/\s+/)) if (rel) rels.push(rel.toLowerCase());
  }
  return { url: url.trim(), rels };
}

/** All well-formed links of a Link header value; malformed parts are skipped. */
export function parseLinkHeader(header: string | string[] | null | undefined): LinkValue[] {
  if (header == null) return [];
  const joined = Array.isArray(header) ? header.join(',') : header;
  const links: LinkValue[] = [];
  for (const part of splitOutside(joined, ',')) {
    const link = parseLinkValue(part);
    if (link) links.push(link);
  }
  return links;
}

/** The target of the first link with relation `rel` (case-insensitive), or null. */
export function findLink(header: string | string[] | null | undefined, rel: string): string | null {
  const wanted = rel.toLowerCase();
  return parseLinkHeader(header).find((l) => l.rels.includes(wanted))?.url ?? null;
}

/** The `rel=next` target, or null on the last page. */
export function nextPageUrl(header: string | string[] | null | undefined): string | null {
  return findLink(header, 'next');
}
