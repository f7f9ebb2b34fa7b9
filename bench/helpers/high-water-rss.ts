import { readFileSync } from 'node:fs';

/**
 * The kernel's high-water mark of this process's RSS (`VmHWM`, Linux), kB; 0 elsewhere. Not `maxRSS` of
 * getrusage: that one keeps the parent's RSS at fork time across exec, so a child of a big process reports at least it.
 */
export function highWaterRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
