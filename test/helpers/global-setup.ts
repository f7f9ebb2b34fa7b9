import type { TestProject } from 'vitest/node';
import { startInfluxd } from './influxd.js';

/** One shared InfluxDB 1.6 for the suite; tests isolate themselves by database name. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const influx = await startInfluxd();
  project.provide('influxUrl', influx.url);
  return () => influx.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    influxUrl: string;
  }
}
