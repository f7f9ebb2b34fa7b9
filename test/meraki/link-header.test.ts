import { describe, expect, it } from 'vitest';
import { findLink, nextPageUrl, parseLinkHeader } from '../../src/meraki/link-header.js';

const A = 'https://api.meraki.com/api/v1/networks/N_1/clients?perPage=5&startingAfter=0';
const B = 'https://api.meraki.com/api/v1/networks/N_1/clients?perPage=5&startingAfter=k2,k3';

describe('nextPageUrl', () => {
  const cases: [string, string | string[] | undefined | null, string | null][] = [
    ['unquoted rel', `<${A}>; rel=first, <${B}>; rel=next`, B],
    ['quoted rel', `<${A}>; rel="first", <${B}>; rel="next"`, B],
    ['four links, Meraki order', `<${A}>; rel=first, <${A}>; rel=prev, <${B}>; rel=next, <${A}>; rel=last`, B],
    ['no next: last page', `<${A}>; rel=first, <${A}>; rel=prev, <${A}>; rel=last`, null],
    ['no header', undefined, null],
    ['null header', null, null],
    ['empty header', '', null],
    ['upper-case REL and NEXT', `<${B}>; REL=NEXT`, B],
    ['several rel types', `<${B}>; rel="next last"`, B],
    ['no spaces', `<${A}>;rel=first,<${B}>;rel=next`, B],
    ['extra params', `<${B}>; title="a, b; c"; rel=next; type="application/json"`, B],
    ['comma inside the URL', `<${B}>; rel=next`, B],
    ['repeated headers as an array', [`<${A}>; rel=first`, `<${B}>; rel=next`], B],
    ['malformed part skipped', `garbage; rel=next, <${B}>; rel=next`, B],
    ['rel=nextx is not next', `<${B}>; rel=nextx`, null],
    ['prev only', `<${A}>; rel=prev`, null],
    ['relative URL kept as written', `</api/v1/organizations?startingAfter=9>; rel=next`, '/api/v1/organizations?startingAfter=9'],
  ];
  it.each(cases)('%s', (_name, header, expected) => {
    expect(nextPageUrl(header)).toBe(expected);
  });

  it('returns the URL exactly as given (no re-encoding)', () => {
    const odd = 'https://n1.meraki.com/api/v1/x?clients=a%2Cb,c&t0=2024-01-01T00:00:00Z&startingAfter=a%20b';
    expect(nextPageUrl(`<${odd}>; rel="next"`)).toBe(odd);
  });
});

describe('parseLinkHeader', () => {
  it('lists every link with its relation types', () => {
    expect(parseLinkHeader(`<${A}>; rel=first, <${B}>; rel="next last"`)).toEqual([
      { url: A, rels: ['first'] },
      { url: B, rels: ['next', 'last'] },
    ]);
  });

  it('finds other relations', () => {
    expect(findLink(`<${A}>; rel=first, <${B}>; rel=last`, 'last')).toBe(B);
    expect(findLink(`<${A}>; rel=first`, 'last')).toBeNull();
  });

  it('handles escaped quotes in parameters', () => {
    expect(parseLinkHeader(`<${B}>; title="say \\"hi\\", ok"; rel=next`)).toEqual([{ url: B, rels: ['next'] }]);
  });
});
