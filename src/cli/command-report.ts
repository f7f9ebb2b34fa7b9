import { ReportOptionError, reportOptionsFromFlags, runReport } from '../report/index.js';
import type { ReportOptions } from '../report/index.js';
import { EXIT_OK, UsageError } from './cli-io.js';
import { commandConfig, onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** `report`: the capacity-planning report from InfluxDB (src/report). Bad options -> exit 2. */
export async function reportCommand(ctx: CommandContext): Promise<number> {
  const config = commandConfig(ctx, false);
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => controller.abort(new Error(`stopped by ${signal}`)));
  try {
    const options: ReportOptions = reportOptionsFromFlags(ctx.flags, ctx.io.clock?.now() ?? Date.now());
    await runReport(config, options, { stdout: ctx.io.stdout, signal: controller.signal });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ReportOptionError) throw new UsageError(err.message, 'report', { cause: err });
    throw err;
  } finally {
    off();
  }
}
