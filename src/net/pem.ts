import { X509Certificate } from 'node:crypto';

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The problem with a PEM file of CA certificates, or null when it holds at least one certificate and every
 * certificate block parses (Node's TLS silently skips a broken one, which would surface only as a failed handshake).
 */
export function pemProblem(text: string): string | null {
  const blocks = text.match(BLOCK) ?? [];
  if (blocks.length === 0) return 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)';
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (err) {
      return `is not a valid PEM certificate file (certificate ${i + 1} of ${blocks.length}: ${(err as Error).message})`;
    }
  }
  return null;
}
