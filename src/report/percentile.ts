/** Nearest-rank percentile (the method of InfluxQL's `percentile()`); 0 for no values. */
export function percentile(values: readonly number[], pct: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((pct / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
