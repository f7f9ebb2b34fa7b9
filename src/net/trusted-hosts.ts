/**
 * Which hosts may receive the API key (redirect targets, Link pages). Pure.
 * Entries: `host` (default port of the URL's scheme), `host:port`, `[v6]:port`, or `*.suffix` (any subdomain
 * of suffix, any port). The configured base URL's host:port is always trusted.
 */

/** Meraki's own API domains (global, Canada, China, India, US government). */
export const MERAKI_TRUSTED_HOSTS: readonly string[] = Object.freeze([
  '*.meraki.com',
  '*.meraki.ca',
  '*.meraki.cn',
  '*.meraki.in',
  '*.gov-meraki.com',
]);

type HostRule = { kind: 'suffix'; suffix: string } | { kind: 'exact'; host: string; port: string | null };

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

function effectivePort(url: URL): string {
  return url.port || DEFAULT_PORTS[url.protocol] || '';
}

/** Parses one `trustedHosts` entry; throws a TypeError naming the option on a malformed entry. */
export function parseHostRule(entry: string): HostRule {
  const raw = entry.trim().toLowerCase();
  if (raw.startsWith('*.')) {
    const suffix = raw.slice(1);
    if (suffix.length < 3 || /[/:@\s*]/.test(suffix)) {
      throw new TypeError(`Expected \`trustedHosts\` wildcard entries like "*.example.com", got ${JSON.stringify(entry)}`);
    }
    return { kind: 'suffix', suffix };
  }
  let parsed: URL;
  try {
    parsed = new URL(`http://${raw}`);
  } catch (cause) {
    throw new TypeError(`Expected \`trustedHosts\` entries like "host" or "host:port", got ${JSON.stringify(entry)}`, { cause });
  }
  if (!raw || raw.includes('*') || parsed.pathname !== '/' || parsed.username || parsed.search || `${parsed.host}` !== raw.replace(/:80$/, '')) {
    throw new TypeError(`Expected \`trustedHosts\` entries like "host" or "host:port", got ${JSON.stringify(entry)}`);
  }
  const portMatch = /:(\d+)$/.exec(raw);
  return { kind: 'exact', host: parsed.hostname, port: portMatch?.[1] ?? null };
}

function matches(rule: HostRule, url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (rule.kind === 'suffix') return host.endsWith(rule.suffix) && host.length > rule.suffix.length;
  return host === rule.host && (rule.port ?? DEFAULT_PORTS[url.protocol]) === effectivePort(url);
}

/** A predicate telling whether the key may be sent to `url`. Never trusts a downgrade from https to http. */
export function createHostPolicy(baseUrl: string, trustedHosts: readonly string[]): (url: URL) => boolean {
  const base = new URL(baseUrl);
  const rules: HostRule[] = [
    { kind: 'exact', host: base.hostname.toLowerCase(), port: effectivePort(base) },
    ...MERAKI_TRUSTED_HOSTS.map(parseHostRule),
    ...trustedHosts.map(parseHostRule),
  ];
  return (url: URL) => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    if (base.protocol === 'https:' && url.protocol === 'http:') return false;
    if (url.username || url.password) return false;
    return rules.some((rule) => matches(rule, url));
  };
}
