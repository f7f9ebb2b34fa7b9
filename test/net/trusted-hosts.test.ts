import { describe, expect, it } from 'vitest';
import { createHostPolicy, parseHostRule } from '../../src/net/trusted-hosts.js';

describe('createHostPolicy', () => {
  const https = createHostPolicy('https://api.meraki.com/api/v1', ['shard.example.net:8443', 'proxy.example.org', '*.corp.example']);
  const local = createHostPolicy('http://127.0.0.1:8080/api/v1', ['localhost:8080']);
  const cases: [string, (u: URL) => boolean, string, boolean][] = [
    ['base host', https, 'https://api.meraki.com/api/v1/organizations', true],
    ['base host, explicit default port', https, 'https://api.meraki.com:443/x', true],
    ['Meraki shard', https, 'https://n123.meraki.com/api/v1/x', true],
    ['Meraki Canada', https, 'https://api.meraki.ca/api/v1/x', true],
    ['Meraki China', https, 'https://api.meraki.cn/x', true],
    ['Meraki India', https, 'https://api.meraki.in/x', true],
    ['Meraki government', https, 'https://api.gov-meraki.com/x', true],
    ['look-alike suffix', https, 'https://evilmeraki.com/x', false],
    ['look-alike prefix', https, 'https://api.meraki.com.evil.net/x', false],
    ['bare domain is not a subdomain', https, 'https://meraki.com/x', false],
    ['https to http downgrade', https, 'http://n1.meraki.com/x', false],
    ['configured host:port', https, 'https://shard.example.net:8443/x', true],
    ['configured host, other port', https, 'https://shard.example.net:9443/x', false],
    ['configured host without port: default port', https, 'https://proxy.example.org/x', true],
    ['configured host without port: other port', https, 'https://proxy.example.org:444/x', false],
    ['configured wildcard', https, 'https://a.b.corp.example/x', true],
    ['foreign host', https, 'https://attacker.example/x', false],
    ['credentials in URL', https, 'https://user:pw@api.meraki.com/x', false],
    ['non-http scheme', https, 'ftp://api.meraki.com/x', false],
    ['local base host:port', local, 'http://127.0.0.1:8080/api/v1/x', true],
    ['local base host, other port', local, 'http://127.0.0.1:8081/api/v1/x', false],
    ['local trusted shard', local, 'http://localhost:8080/api/v1/x', true],
    ['local shard, other port', local, 'http://localhost:9999/api/v1/x', false],
    ['case-insensitive host', https, 'https://API.MERAKI.COM/x', true],
  ];
  it.each(cases)('%s', (_name, policy, url, expected) => {
    expect(policy(new URL(url))).toBe(expected);
  });
});

describe('parseHostRule', () => {
  it.each(['http://x.com', 'x.com/path', '*.', '*', 'a b', '*.x/y', ''])('rejects %j naming trustedHosts', (entry) => {
    expect(() => parseHostRule(entry)).toThrow(/`trustedHosts`/);
  });
  it('accepts host, host:port, IPv6 and wildcards', () => {
    expect(parseHostRule('Example.com')).toEqual({ kind: 'exact', host: 'example.com', port: null });
    expect(parseHostRule('example.com:8443')).toEqual({ kind: 'exact', host: 'example.com', port: '8443' });
    expect(parseHostRule('[::1]:8080')).toEqual({ kind: 'exact', host: '[::1]', port: '8080' });
    expect(parseHostRule('*.example.com')).toEqual({ kind: 'suffix', suffix: '.example.com' });
  });
});
