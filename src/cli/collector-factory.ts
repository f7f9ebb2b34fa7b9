import type { CheckReport } from '../collector/check.js';
import { createCollector } from '../collector/collector.js';
import type { CollectorDeps, NetworkStatus, RunOptions, RunSummary } from '../collector/collector-api.js';
import type { Config } from '../config/types.js';

/** What the CLI uses of a collector (the one import of the implementation is below). */
export interface CliCollector {
  runOnce(options?: RunOptions): Promise<RunSummary>;
  status(): Promise<NetworkStatus[]>;
  check(signal?: AbortSignal): Promise<CheckReport>;
  close(): Promise<void>;
}

export type CollectorFactory = (deps: CollectorDeps) => CliCollector;

export const defaultCollectorFactory: CollectorFactory = createCollector;

/** `status` reads the checkpoint store only; the Meraki client still wants a key, which is never used here. */
export const STATUS_PLACEHOLDER_KEY = 'status-reads-local-state-only';

export function configForStatus(config: Config): Config {
  if (config.meraki.apiKey !== '') return config;
  return { ...config, meraki: { ...config.meraki, apiKey: STATUS_PLACEHOLDER_KEY } };
}
