import type { CheckReport } from '../collector/check.js';
import { createCollector } from '../collector/collector.js';
import type { CollectorDeps, NetworkStatus, OrgStatus, RunOptions, RunSummary } from '../collector/collector-api.js';

/** What the CLI uses of a collector (the one import of the implementation is below). */
export interface CliCollector {
  runOnce(options?: RunOptions): Promise<RunSummary>;
  status(): Promise<NetworkStatus[]>;
  /** Each organization's last result (the real collector has it; test doubles may leave it out). */
  orgStatus?(): Promise<OrgStatus[]>;
  check(signal?: AbortSignal): Promise<CheckReport>;
  close(): Promise<void>;
}

export type CollectorFactory = (deps: CollectorDeps) => CliCollector;

export const defaultCollectorFactory: CollectorFactory = createCollector;
