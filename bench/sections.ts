import { benchApiBudget } from './api-budget.js';
import { benchApiEfficiency } from './api-efficiency.js';
import { benchBudgetUse } from './budget-use.js';
import { benchEndToEnd } from './end-to-end.js';
import { benchMemory } from './memory.js';
import { benchNaiveBaseline } from './naive-baseline.js';
import { benchOrganizations } from './organizations.js';
import { benchPipelineThroughput } from './pipeline-throughput.js';

/** One benchmark section: its key in the JSON, how to run it (full or quick), and its time bound. */
export interface Section {
  key: string;
  timeoutMs: number;
  run(quick: boolean): Promise<Record<string, unknown>>;
}

export const SECTIONS: readonly Section[] = [
  {
    key: 'apiEfficiency',
    timeoutMs: 240_000,
    run: (quick) => benchApiEfficiency(quick ? { networks: 10, clientsPerNetwork: 200 } : {}),
  },
  { key: 'apiBudget', timeoutMs: 90_000, run: (quick) => benchApiBudget(quick ? { durationMs: 2000 } : {}) },
  { key: 'budgetUse', timeoutMs: 180_000, run: (quick) => benchBudgetUse(quick ? { networks: 100 } : {}) },
  { key: 'pipelineThroughput', timeoutMs: 180_000, run: (quick) => benchPipelineThroughput(quick ? { pages: 2, rounds: 3 } : {}) },
  {
    key: 'endToEnd',
    timeoutMs: 300_000,
    run: (quick) => benchEndToEnd(quick ? { networks: 5, clientsPerNetwork: 200, rounds: 1 } : {}),
  },
  {
    key: 'memory',
    timeoutMs: 420_000,
    run: (quick) =>
      benchMemory(quick ? { big: { networks: 10, clientsPerNetwork: 500 }, scalingNetworks: [10, 50, 100], scalingClientsPerNetwork: 20 } : {}),
  },
  {
    key: 'naiveBaseline',
    timeoutMs: 180_000,
    run: (quick) => benchNaiveBaseline(quick ? { networks: 2, clientsPerNetwork: 100 } : {}),
  },
  {
    key: 'organizations',
    timeoutMs: 300_000,
    run: (quick) =>
      benchOrganizations(
        quick
          ? {
              ten: { orgs: 4, networksPerOrg: 4, clientsPerNetwork: 10 },
              hundred: { orgs: 20, networksPerOrg: 4, clientsPerNetwork: 5, scale: 2 },
              hourly: { orgCounts: [10, 50], networksPerOrg: 10, clientsPerNetwork: 5, childTimeoutMs: 120_000 },
            }
          : {},
      ),
  },
];
