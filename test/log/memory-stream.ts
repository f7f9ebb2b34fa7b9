import type { LogStream } from '../../src/log/create-logger.js';

/** A log stream that keeps what was written. */
export function memoryStream(isTTY = false): LogStream & { text(): string; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  return {
    isTTY,
    write: (chunk: string) => chunks.push(chunk),
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
