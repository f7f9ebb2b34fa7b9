/** Errors of the outgoing HTTP stack, and hints that name the setting to fix. Messages never hold a credential. */

export type EgressErrorKind = 'proxy' | 'tunnel' | 'config';

/** The proxy could not be reached (`proxy`), refused the CONNECT tunnel (`tunnel`), or a bad CA file (`config`). */
export class EgressError extends Error {
  override readonly name = 'EgressError';
  readonly code: string;

  constructor(
    message: string,
    readonly kind: EgressErrorKind,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause: stripCause(cause) });
    this.code = kind === 'proxy' ? 'ERR_PROXY_UNREACHABLE' : kind === 'tunnel' ? 'ERR_PROXY_TUNNEL' : 'ERR_CA_FILE';
  }
}

/** Node's codes for a server certificate that does not verify. */
const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** An error's message, led by its own `code` (`ECONNREFUSED: ...`) when the message does not name it. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

/** The first `code` along an error's cause chain. */
export function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return undefined;
}

export function isCertificateError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && CERT_CODES.has(code);
}

/**
 * Failures that another attempt will not fix: a certificate that does not verify, a proxy that refused the tunnel
 * (401, 403, 407: its answer does not change by itself), a bad CA file.
 */
export function isPermanentEgressError(error: unknown): boolean {
  if (isCertificateError(error)) return true;
  const code = errorCode(error);
  return code === 'ERR_CA_FILE' || (code === 'ERR_PROXY_TUNNEL' && /HTTP (401|403|407)\b/.test((error as Error).message));
}

/**
 * A hint naming the setting for an error of the stack, e.g. ` (the server's certificate does not verify: set
 * INFLUX_CA_FILE ...)`; empty when the error says it already (EgressError) or is not about TLS.
 */
export function egressHint(error: unknown, caSetting: string): string {
  const code = errorCode(error);
  if (code === undefined || !CERT_CODES.has(code)) return '';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return ' (the server\'s certificate is not for this host name: use the name it was issued for)';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return ' (the server\'s certificate is outside its validity dates)';
  return ` (the server's certificate does not verify: set ${caSetting} to a PEM file of the CA that signed it)`;
}

/** Only the name, code and message of a cause (no request options, which may hold headers). */
function stripCause(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error(String(cause));
  const copy = new Error(cause.message);
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  return copy;
}
