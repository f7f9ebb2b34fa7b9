import { afterEach } from 'vitest';
import { MerakiClient } from '../../src/meraki/index.js';
import type { MerakiClientOptions, MerakiEvent } from '../../src/meraki/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/index.js';

export const TEST_KEY = 'test-key-0123456789abcdef';

/** Starts simulators and clients that are stopped/closed after each test. */
export function simHarness(): {
  sim(options?: SimulatorOptions): Promise<Simulator>;
  client(sim: Simulator, options?: Partial<MerakiClientOptions>): { client: MerakiClient; events: MerakiEvent[] };
} {
  const sims: Simulator[] = [];
  const clients: MerakiClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(sims.splice(0).map((s) => s.stop()));
  });
  return {
    async sim(options = {}) {
      const sim = await startSimulator({ rate: false, ...options });
      sims.push(sim);
      return sim;
    },
    client(sim, options = {}) {
      const events: MerakiEvent[] = [];
      const client = new MerakiClient({
        apiKey: TEST_KEY,
        baseUrl: sim.url,
        backoffBaseMs: 5,
        backoffMaxMs: 50,
        ...options,
        onEvent: (e) => {
          events.push(e);
          options.onEvent?.(e);
        },
      });
      clients.push(client);
      return { client, events };
    },
  };
}

/** host:port of a simulator URL. */
export function hostOf(url: string): string {
  return new URL(url).host;
}

/** Every page of an async iterable, in order. */
export async function allPages<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Settles the promise and returns the rejection (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
