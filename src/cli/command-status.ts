import { EXIT_OK } from './cli-io.js';
import { collectorFactory, commandConfig, commandLogger } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { formatOrgStatusTable } from './org-status-table.js';
import { formatStatusTable } from './status-table.js';

/** `status [--json]`: the checkpoint store, per network, then (text only) each organization's last result. */
export async function statusCommand(ctx: CommandContext): Promise<number> {
  const config = commandConfig(ctx, false);
  const logger = commandLogger(ctx.io, config);
  const collector = collectorFactory(ctx.io)({ config, logger });
  try {
    const statuses = await collector.status();
    const orgs = ctx.flags['json'] === true ? [] : ((await collector.orgStatus?.()) ?? []);
    const text = ctx.flags['json'] === true ? `${JSON.stringify(statuses, null, 2)}\n` : formatStatusTable(statuses) + formatOrgStatusTable(orgs);
    ctx.io.stdout.write(text);
    return EXIT_OK;
  } finally {
    await collector.close();
  }
}
