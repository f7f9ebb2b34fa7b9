import { z } from 'zod';
import type { InfluxConfig } from './types.js';
import * as D from './defaults.js';
import { httpUrl, influxApiVersion, num, text } from './schema-primitives.js';
import { bool, pemFile } from './schema-primitives.js';

const REQUIRED: Record<1 | 2, { field: string; env: string; hint?: string }[]> = {
  2: [
    { field: 'url', env: 'INFLUX_URL' },
    { field: 'token', env: 'INFLUX_TOKEN', hint: 'on InfluxDB 1.8 use user:password' },
    { field: 'org', env: 'INFLUX_ORG', hint: 'on InfluxDB 1.8 any value, e.g. -' },
    { field: 'bucket', env: 'INFLUX_BUCKET', hint: 'on InfluxDB 1.8 database/retention-policy; before 1.8 set INFLUX_API_VERSION=1' },
  ],
  1: [
    { field: 'url', env: 'INFLUX_URL' },
    { field: 'database', env: 'INFLUX_DATABASE' },
  ],
};

const fields = z.strictObject({
  apiVersion: influxApiVersion().default(D.DEFAULT_INFLUX_API_VERSION),
  url: httpUrl('http://localhost:8086').optional(),
  token: z.string({ error: 'expected a string' }).optional(),
  org: text('my-org').optional(),
  bucket: text('meraki').optional(),
  database: text('meraki').optional(),
  retentionPolicy: text('autogen').nullable().optional(),
  username: text('collector').nullable().optional(),
  password: z.string({ error: 'expected a string' }).nullable().optional(),
  batchSize: num({ int: true, min: 1, max: 100000, example: 5000 }).default(D.DEFAULT_INFLUX_BATCH_SIZE),
  timeoutMs: num({ int: true, min: 1, example: 10000 }).default(D.DEFAULT_INFLUX_TIMEOUT_MS),
  maxRetries: num({ int: true, min: 0, example: 5 }).default(D.DEFAULT_INFLUX_MAX_RETRIES),
  caFile: pemFile().default(D.DEFAULT_CA_FILE),
  tlsSkipVerify: bool().default(D.DEFAULT_INFLUX_TLS_SKIP_VERIFY),
});

type Fields = z.output<typeof fields>;

/** `influx:` in the file (or INFLUX_* variables): one shape, checked for the fields its `apiVersion` needs. */
export const influxSchema = fields
  .superRefine((f, ctx) => {
    for (const r of REQUIRED[f.apiVersion]) {
      if (f[r.field as keyof Fields]) continue;
      const hint = r.hint ? ` (${r.hint})` : '';
      ctx.addIssue({
        code: 'custom',
        path: [r.field],
        message: `required with apiVersion ${f.apiVersion}; set ${r.env} or influx.${r.field}${hint}`,
      });
    }
  })
  .transform((f): InfluxConfig => {
    const common = { url: f.url ?? '', batchSize: f.batchSize, timeoutMs: f.timeoutMs, maxRetries: f.maxRetries };
    const tls = { caFile: f.caFile, tlsSkipVerify: f.tlsSkipVerify };
    if (f.apiVersion === 2) {
      return { apiVersion: 2, ...common, ...tls, token: f.token ?? '', org: f.org ?? '', bucket: f.bucket ?? '' };
    }
    return {
      apiVersion: 1,
      ...common,
      ...tls,
      database: f.database ?? '',
      retentionPolicy: f.retentionPolicy ?? null,
      username: f.username ?? null,
      password: f.password ?? null,
    };
  });
