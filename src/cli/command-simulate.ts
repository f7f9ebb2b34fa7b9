import { describeSimulator, simulatorOptionsFromArgs, startSimulator } from '../simulator/index.js';
import type { SimulateFlags, SimulatorOptions } from '../simulator/index.js';
import { EXIT_OK, UsageError } from './cli-io.js';
import { onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** `simulate`: serves the simulator until SIGINT/SIGTERM. */
export async function simulateCommand(ctx: CommandContext): Promise<number> {
  let options: SimulatorOptions;
  try {
    options = simulatorOptionsFromArgs(ctx.flags as SimulateFlags);
  } catch (err) {
    throw new UsageError((err as Error).message, 'simulate', { cause: err });
  }
  const sim = await startSimulator(options);
  try {
    ctx.io.stdout.write(`${describeSimulator(sim)}\n  stop with Ctrl-C\n`);
    await new Promise<void>((resolve) => {
      onStopSignal(ctx.io.signals, () => resolve());
    });
    return EXIT_OK;
  } finally {
    await sim.stop();
  }
}
