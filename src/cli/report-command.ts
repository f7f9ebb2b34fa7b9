import { ReportOptionError, reportOptionsFromFlags, runReport } from '../report/index.js';
import { EXIT_OK, UsageError } from './cli-io.js';
import { commandConfig } from './command-context.js';
import type { CommandContext } from './command-context.js';

/**
 * `report [--from D] [--to D] [--network ID] [--top N] [--csv|--json] [--html FILE]`: capacity-planning answers
 * from InfluxDB (see REPORT_HELP in src/report/report-options.ts). Needs no API key. Bad options: exit 2;
 * InfluxDB unreachable or refusing the query: thrown, exit 1.
 */
export async function reportCommand(ctx: CommandContext): Promise<number> {
  const config = commandConfig(ctx, false);
  const nowMs = ctx.io.clock ? ctx.io.clock.now() : Date.now();
  try {
    const options = reportOptionsFromFlags(ctx.flags, nowMs);
    await runReport(config, options, { stdout: ctx.io.stdout, now: () => nowMs });
  } catch (err) {
    if (err instanceof ReportOptionError) throw new UsageError(err.message, 'report', { cause: err });
    throw err;
  }
  return EXIT_OK;
}
