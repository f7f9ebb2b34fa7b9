import { machineInfo } from './helpers/machine.js';
import { round } from './helpers/numbers.js';
import { formatTable } from './helpers/summary-table.js';
import { SECTIONS, type Section } from './sections.js';
import { tableRows } from './table-rows.js';

/**
 * `npm run bench`: runs every section in sequence, each bounded in time, and prints one JSON document (stdout)
 * and a short table (stderr). `BENCH_QUICK=1` runs the smaller variants. Asserts nothing about time.
 */
const quick = process.env.BENCH_QUICK === '1';
const started = performance.now();
const results: Record<string, unknown> = {};
const machineAtStart = machineInfo();

for (const section of SECTIONS) {
  const t = performance.now();
  process.stderr.write(`bench: ${section.key}${quick ? ' (quick)' : ''}...`);
  results[section.key] = await runBounded(section, quick);
  process.stderr.write(` ${round((performance.now() - t) / 1000, 1)} s\n`);
}

const doc = {
  benchmark: 'meraki-usage-collector',
  quick,
  machine: { ...machineAtStart, loadAverage1mAtEnd: machineInfo().loadAverage1m },
  totalSeconds: round((performance.now() - started) / 1000, 1),
  sections: results,
};
process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
process.stderr.write(`\n${formatTable(tableRows(results))}\n`);
process.exit(0); // a section that timed out may have left work behind; its child processes exit with us

async function runBounded(section: Section, isQuick: boolean): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Record<string, unknown>>((resolve) => {
    timer = setTimeout(() => resolve({ error: `timed out after ${section.timeoutMs} ms` }), section.timeoutMs);
  });
  try {
    return await Promise.race([section.run(isQuick), timeout]);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
