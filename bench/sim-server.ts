import { startSimulator, type SimulatorOptions } from '../src/simulator/index.js';

/**
 * Child-process entry: runs a simulator (options as JSON in argv[2]) so that its CPU and memory are not the
 * collector's. Talks to its parent over IPC (helpers/sim-process.ts): sends `{ url, orgIds }` once listening,
 * answers `counters`, `usage` (CPU, RSS), `reset` and `advance`, and exits on `stop` or when the parent goes away.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await startSimulator(options);

type Request = { id: number; op: 'counters' | 'reset' | 'stop' | 'usage' } | { id: number; op: 'advance'; ms: number };

process.on('message', (raw: unknown) => {
  const m = raw as Request;
  if (m.op === 'counters') process.send?.({ id: m.id, counters: sim.counters });
  else if (m.op === 'usage') process.send?.({ id: m.id, cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
  else if (m.op === 'reset') {
    sim.resetCounters();
    process.send?.({ id: m.id });
  } else if (m.op === 'advance') {
    sim.clock.advance(m.ms);
    process.send?.({ id: m.id, nowMs: sim.clock.now() });
  } else if (m.op === 'stop') void sim.stop().then(() => process.exit(0));
});
process.on('disconnect', () => void sim.stop().then(() => process.exit(0)));
process.send?.({ url: sim.url, orgIds: sim.world.organizations.map((o) => o.id), nowMs: sim.clock.now() });
