import type { CheckReport } from '../../src/collector/check.js';
import type { CollectorDeps, NetworkStatus, RunOptions, RunSummary } from '../../src/collector/collector-api.js';
import type { CliCollector, CollectorFactory } from '../../src/cli/collector-factory.js';

export const OK_SUMMARY: RunSummary = {
  ok: true, startedAtMs: 0, durationMs: 1500, organizations: 1, networks: 3, networksFailed: 0, clients: 150,
  requests: 12, rateLimited: 1, retries: 2, points: 4650, rejectedRecords: 0, gaps: 0,
  orgsFailed: 0, usagePagesParsedFallback: 0, orgResults: [],
};

export interface FakeCollectorScript {
  runOnce?: (options: RunOptions) => Promise<RunSummary>;
  status?: NetworkStatus[];
  check?: CheckReport;
}

/** A collector factory recording what the CLI did with it. */
export function fakeCollector(script: FakeCollectorScript = {}) {
  const calls = { deps: [] as CollectorDeps[], runs: [] as RunOptions[], closed: 0 };
  const factory: CollectorFactory = (deps) => {
    calls.deps.push(deps);
    const collector: CliCollector = {
      runOnce: (options = {}) => {
        calls.runs.push(options);
        return script.runOnce ? script.runOnce(options) : Promise.resolve(OK_SUMMARY);
      },
      status: () => Promise.resolve(script.status ?? []),
      check: () => Promise.resolve(script.check ?? { ok: true, lines: ['meraki: ok'] }),
      close: () => {
        calls.closed++;
        return Promise.resolve();
      },
    };
    return collector;
  };
  return { factory, calls };
}
