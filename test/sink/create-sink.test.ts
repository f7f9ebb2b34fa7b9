import { describe, expect, it } from 'vitest';
import type { Config, InfluxConfig } from '../../src/config/types.js';
import { silentLogger } from '../../src/log/logger.js';
import { createSink } from '../../src/sink/create-sink.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { InfluxV2Sink } from '../../src/sink/influx-v2-sink.js';
import { LineFileSink } from '../../src/sink/line-file-sink.js';

/** Only the keys createSink reads. */
const config = (influx: InfluxConfig | null): Config => ({ influx, fileSink: { dir: '/tmp/meraki-lp' } }) as unknown as Config;
const common = { url: 'http://db.example:8086', batchSize: 100, timeoutMs: 1000, maxRetries: 2 };

describe('createSink', () => {
  it('no InfluxDB: line-protocol files', () => {
    const sink = createSink(config(null), silentLogger);
    expect(sink).toBeInstanceOf(LineFileSink);
    expect(sink.description).toBe('line-protocol files in /tmp/meraki-lp');
  });

  it('apiVersion 1: /write with user and password, never described with the password', () => {
    const sink = createSink(
      config({ apiVersion: 1, ...common, database: 'meraki', retentionPolicy: null, username: 'admin', password: 'pa55word' }),
      silentLogger,
    );
    expect(sink).toBeInstanceOf(InfluxV1Sink);
    expect(sink.description).toBe('InfluxDB 1.x http://db.example:8086 db=meraki');
  });

  it('apiVersion 2: /api/v2/write, never described with the token', () => {
    const sink = createSink(config({ apiVersion: 2, ...common, token: 'user:pa55word', org: 'acme', bucket: 'meraki/autogen' }), silentLogger);
    expect(sink).toBeInstanceOf(InfluxV2Sink);
    expect(sink.description).toBe('InfluxDB v2 API http://db.example:8086 org=acme bucket=meraki/autogen');
    expect(sink.description).not.toContain('pa55word');
  });
});
