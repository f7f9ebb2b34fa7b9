import { pick, type TableRow } from './helpers/summary-table.js';

/** Largest ratio of the memory scaling runs for which RSS counts as flat. */
export const FLAT_RATIO = 1.25;

type Check = 'atMost' | 'atLeast' | 'below' | 'none';

const FIGURES: readonly [section: string, figure: string, path: string, goal: string, check: Check, limit: number][] = [
  ['apiEfficiency', 'backfill requests / minimum', 'backfill.ratio', '<= 1.05', 'atMost', 1.05],
  ['apiEfficiency', 'hourly run requests / minimum', 'hourlyIncremental.ratio', '<= 1.05', 'atMost', 1.05],
  ['apiBudget', 'client alone: achieved / configured rate', 'underLimit.ratio', '>= 0.95', 'atLeast', 0.95],
  ['budgetUse', 'backfill achieved / configured (memory store)', 'memoryStore.ratio', '>= 0.95', 'atLeast', 0.95],
  ['budgetUse', '429s after the first burst (memory store)', 'memoryStore.rateLimitedAfterFirstBurst', '0', 'atMost', 0],
  ['budgetUse', 'backfill achieved / configured (file store)', 'fileStore.ratio', '>= 0.95', 'atLeast', 0.95],
  ['pipelineThroughput', 'points/s (same ts)', 'collectorHeap.sameTs.pointsPerSecond|sameTs.pointsPerSecond', '>= 1000000', 'atLeast', 1_000_000],
  ['pipelineThroughput', 'x Point API (same ts)', 'collectorHeap.sameTs.ratioToPointApi|sameTs.ratioToPointApi', '>= 5', 'atLeast', 5],
  ['pipelineThroughput', 'points/s (ts jitter)', 'collectorHeap.tsJitter.pointsPerSecond|tsJitter.pointsPerSecond', '>= 1000000', 'atLeast', 1_000_000],
  ['pipelineThroughput', 'x Point API (ts jitter)', 'collectorHeap.tsJitter.ratioToPointApi|tsJitter.ratioToPointApi', '>= 5', 'atLeast', 5],
  ['pipelineThroughput', 'points/s (same ts), node default heap', 'defaultHeap.sameTs.pointsPerSecond', '-', 'none', 0],
  ['endToEnd', 'collector points/s into InfluxDB', 'collector.pointsPerSecond', '-', 'none', 0],
  ['endToEnd', 'collector / best bulk load', 'ratio', '>= 0.8', 'atLeast', 0.8],
  ['endToEnd', 'same, simulator computing on our cores', 'liveSimulator.ratio', '-', 'none', 0],
  ['memory', 'peak RSS MB, big backfill', 'big.peakRssMb', '< 300', 'below', 300],
  ['memory', `peak RSS, most / fewest networks`, 'scalingPeakRatios', `<= ${FLAT_RATIO} (flat)`, 'atMost', FLAT_RATIO],
  ['memory', 'same, node without our flags', 'nodeDefaults.scalingPeakRatios', '-', 'none', 0],
  ['naiveBaseline', 'naive / ours, requests', 'requestsRatio', '-', 'none', 0],
  ['naiveBaseline', 'naive / ours, wall time', 'wallTimeRatio', '-', 'none', 0],
  ['organizations', '10 orgs backfill: achieved / budget', 'tenOrganizations.budgetRatio', '>= 0.9', 'atLeast', 0.9],
  ['organizations', '10 orgs: 429s after the first burst', 'tenOrganizations.rateLimitedAfterFirstBurst', '0', 'atMost', 0],
  ['organizations', '100 orgs backfill: achieved / per-IP rate', 'hundredOrganizations.budgetRatio', '>= 0.9', 'atLeast', 0.9],
  ['organizations', '100 orgs: slowest / fastest finish', 'hundredOrganizations.slowestOverFastestFinish', '<= 1.2', 'atMost', 1.2],
  ['organizations', 'hourly 1,000 orgs: peak RSS MB', 'hourly.largestPeakRssMb', '< 300', 'below', 300],
];

/** The rows of the stderr table from the sections' results (`a|b`: the first path present; missing: "-"). */
export function tableRows(results: Record<string, unknown>): TableRow[] {
  return FIGURES.map(([section, figure, path, goal, check, limit]) => {
    let value = path.split('|').map((p) => pick(results[section], p)).find((v) => v !== undefined);
    if (Array.isArray(value)) value = value.at(-1);
    const error = pick(results[section], 'error');
    if (typeof value !== 'number') return { section, figure, value: typeof error === 'string' ? `error: ${error.slice(0, 40)}` : '-', goal, met: null };
    const met = check === 'atMost' ? value <= limit : check === 'atLeast' ? value >= limit : check === 'below' ? value < limit : null;
    return { section, figure, value: String(value), goal, met };
  });
}
