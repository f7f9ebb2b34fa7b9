const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Kilobytes in a readable unit (decimal steps of 1000: 1 MB = 1000 KB), e.g. `12.3 GB`. */
export function formatKb(kb: number): string {
  let value = kb;
  let unit = 0;
  const shown = (): string => value.toFixed(unit === 0 || Math.abs(value) >= 100 ? 0 : 1);
  // Step up while the value, as shown, would read 1000 or more (999.96 MB is shown as 1.0 GB, not 1000 MB).
  while (Math.abs(Number(shown())) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${shown()} ${UNITS[unit]}`;
}

/** `YYYY-MM-DD` (UTC) of ms. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM` (UTC) of ms. */
export function formatMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** A growth percentage with its sign, or `n/a`. */
export function formatGrowth(pct: number | null): string {
  if (pct === null) return 'n/a';
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}
