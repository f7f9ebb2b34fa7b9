import { createRedactor } from '../log/redact.js';
import { configSecrets } from '../config/secrets.js';
import { EXIT_OK, EXIT_RUN_FAILED } from './cli-io.js';
import { collectorFactory, commandConfig, commandLogger, onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** `check`: the collector's report (config, Meraki, sink, plan, request budget), line by line. */
export async function checkCommand(ctx: CommandContext): Promise<number> {
  const config = commandConfig(ctx, true);
  const logger = commandLogger(ctx.io, config);
  const redact = createRedactor(configSecrets(config));
  const collector = collectorFactory(ctx.io)({ config, logger });
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => controller.abort(new Error(`stopped by ${signal}`)));
  try {
    const report = await collector.check(controller.signal);
    for (const line of report.lines) ctx.io.stdout.write(`${redact(line)}\n`);
    ctx.io.stdout.write(report.ok ? 'check ok\n' : 'check FAILED\n');
    return report.ok ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    off();
    await collector.close();
  }
}
