import { MerakiApiError } from './meraki-api-error.js';

/**
 * `url` as given when the API key may go there (`isTrusted`, see trusted-hosts.ts); else a non-retryable
 * `untrusted-host` error (`bad-response` when it is no URL). `redirectStatus`: the URL came from a redirect.
 */
export function checkedUrl(operation: string, url: string, isTrusted: (url: URL) => boolean, redirectStatus?: number): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new MerakiApiError({ operation, reason: 'bad-response', retryable: false, detail: 'invalid URL', cause });
  }
  if (!isTrusted(parsed)) {
    const what = redirectStatus === undefined ? 'link' : `redirect (HTTP ${redirectStatus})`;
    throw new MerakiApiError({ operation, reason: 'untrusted-host', status: redirectStatus, retryable: false,
      detail: `refused ${what} to untrusted host ${parsed.protocol}//${parsed.host}; the API key was not sent there ` +
        '(add the host to `trustedHosts` if it is yours)' });
  }
  return url;
}
