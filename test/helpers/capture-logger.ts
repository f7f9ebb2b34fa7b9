import type { LogFields, Logger } from '../../src/log/logger.js';

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
}

/** A Logger that keeps every line in memory, for assertions on what the collector reported. */
export function captureLogger(lines: CapturedLine[] = [], base: LogFields = {}): Logger & { lines: CapturedLine[] } {
  const at = (level: CapturedLine['level']) => (msg: string, fields: LogFields = {}) => {
    lines.push({ level, msg, fields: { ...base, ...fields } });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => captureLogger(lines, { ...base, ...fields }),
  };
}
