/**
 * Writes line protocol to InfluxDB 1.x `/write` (precision s) with plain fetch: batches of `batchSize` lines,
 * `inFlight` requests at a time, no retries (a failure throws). Returns the wall time, milliseconds.
 */
export async function bulkLoad(url: string, database: string, lines: readonly string[], batchSize: number, inFlight: number): Promise<number> {
  const target = `${url}/write?db=${encodeURIComponent(database)}&precision=s`;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lines.length) {
      const from = next;
      next += batchSize;
      const res = await fetch(target, { method: 'POST', body: lines.slice(from, from + batchSize).join('\n') });
      if (res.status !== 204) throw new Error(`bulk write answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return performance.now() - start;
}
