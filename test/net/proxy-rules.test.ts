import { describe, expect, it } from 'vitest';
import { displayProxyUrl, isExempt, proxyFor, proxySecrets } from '../../src/net/proxy-rules.js';

const proxy = { httpsProxy: 'http://u:p%40ss@proxy.corp:3128', httpProxy: 'http://plain.corp:8080', noProxy: [] as string[] };

describe('proxy rules (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)', () => {
  it('https targets use httpsProxy, http targets httpProxy, none = direct', () => {
    expect(proxyFor(new URL('https://api.meraki.com/api/v1'), proxy)).toEqual({ url: proxy.httpsProxy, key: 'proxy.httpsProxy' });
    expect(proxyFor(new URL('http://influx:8086'), proxy)).toEqual({ url: proxy.httpProxy, key: 'proxy.httpProxy' });
    expect(proxyFor(new URL('http://influx:8086'), { ...proxy, httpProxy: null })).toBeNull();
    expect(proxyFor(new URL('https://api.meraki.com'), undefined)).toBeNull();
  });

  it.each([
    ['*', 'https://api.meraki.com', true],
    ['meraki.com', 'https://api.meraki.com', true],
    ['meraki.com', 'https://meraki.com', true],
    ['.meraki.com', 'https://n12.meraki.com', true],
    ['*.meraki.com', 'https://n12.meraki.com', true],
    ['meraki.com', 'https://notmeraki.com', false],
    ['influx:8086', 'http://influx:8086', true],
    ['influx:8086', 'http://influx:9999', false],
    ['api.meraki.com:443', 'https://api.meraki.com', true],
    ['10.0.0.0/8', 'http://10.2.3.4:8086', true],
    ['10.0.0.0/8', 'http://11.2.3.4:8086', false],
    ['127.0.0.1', 'http://127.0.0.1:8086', true],
    ['::1', 'http://[::1]:8086', true],
    ['[::1]:8086', 'http://[::1]:8086', true],
    ['fd00::/8', 'http://[fd12::1]/', true],
    ['localhost, .corp.example', 'https://db.corp.example', true],
    ['localhost .corp.example', 'https://db.corp.example', true],
    ['LocalHost', 'http://localhost:8086', true],
    ['', 'http://localhost:8086', false],
  ])('NO_PROXY %j exempts %s: %s', (entry, url, exempt) => {
    expect(isExempt(new URL(url), [entry])).toBe(exempt);
    expect(proxyFor(new URL(url), { ...proxy, noProxy: [entry] }) === null).toBe(exempt);
  });

  it('shows proxy URLs without credentials and lists their secrets', () => {
    expect(displayProxyUrl('http://u:p%40ss@proxy.corp:3128')).toBe('http://***@proxy.corp:3128');
    expect(displayProxyUrl('http://proxy.corp:3128/')).toBe('http://proxy.corp:3128');
    const secrets = proxySecrets('http://u:p%40ss@proxy.corp:3128');
    expect(secrets).toEqual(expect.arrayContaining(['p@ss', 'p%40ss', 'u:p@ss', Buffer.from('u:p@ss').toString('base64')]));
    expect(secrets).not.toContain('u');
    expect(proxySecrets('http://proxy.corp:3128')).toEqual([]);
    expect(proxySecrets(null)).toEqual([]);
  });
});
