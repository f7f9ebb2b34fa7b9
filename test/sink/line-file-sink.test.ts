import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { LineFileSink } from '../../src/sink/line-file-sink.js';
import { SinkWriteError } from '../../src/sink/sink-write-error.js';
import { influxQuery, uniqueDatabase } from './influx-query.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 10, 26, 23, 59, 0);
let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function sinkAt(nowMs: { value: number }, options: { database?: string } = {}) {
  dir = await mkdtemp(join(tmpdir(), 'line-file-sink-'));
  const target = join(dir, 'nested', 'lp');
  return { target, sink: new LineFileSink({ dir: target, clock: { now: () => nowMs.value }, ...options }, silentLogger) };
}

describe('LineFileSink', () => {
  it('creates the folder and one file per UTC day of writing, each with the import header', async () => {
    const now = { value: T0 };
    const { sink, target } = await sinkAt(now);
    await sink.ping();
    await sink.write(['m,a=b v=1 1', 'm,a=b v=2 2']);
    await sink.write(['m,a=b v=1.5 1']);
    now.value += 2 * 60_000; // past midnight UTC
    await sink.write(['m,a=c v=3 3']);
    await sink.close();
    expect((await readdir(target)).sort()).toEqual(['usage-2026-11-26.lp', 'usage-2026-11-27.lp']);
    expect(await readFile(join(target, 'usage-2026-11-26.lp'), 'utf8')).toBe(
      '# DML\n# CONTEXT-DATABASE: meraki\nm,a=b v=1 1\nm,a=b v=2 2\nm,a=b v=1.5 1\n',
    );
    expect(await readFile(join(target, 'usage-2026-11-27.lp'), 'utf8')).toBe('# DML\n# CONTEXT-DATABASE: meraki\nm,a=c v=3 3\n');
    expect(sink.fileFor(T0 + DAY_MS)).toBe(join(target, 'usage-2026-11-27.lp'));
  });

  it('names the configured database in the header', async () => {
    const { sink, target } = await sinkAt({ value: T0 }, { database: 'usage_db' });
    await sink.write(['m v=1 1']);
    expect(await readFile(join(target, 'usage-2026-11-26.lp'), 'utf8')).toMatch(/^# DML\n# CONTEXT-DATABASE: usage_db\n/);
  });

  it('ends a partial last line (left by a crash) before appending', async () => {
    const { sink, target } = await sinkAt({ value: T0 });
    await sink.write(['m v=1 1']);
    await appendFile(join(target, 'usage-2026-11-26.lp'), 'm v=2'); // killed mid-append
    await sink.write(['m v=3 3']);
    expect(await readFile(join(target, 'usage-2026-11-26.lp'), 'utf8')).toBe('# DML\n# CONTEXT-DATABASE: meraki\nm v=1 1\nm v=2\nm v=3 3\n');
  });

  it('serialises concurrent writes: every call lands whole, in call order', async () => {
    const { sink, target } = await sinkAt({ value: T0 });
    const calls = Array.from({ length: 20 }, (_, c) => Array.from({ length: 50 }, (_, i) => `m,c=${c} v=${i} ${i}`));
    await Promise.all(calls.map((lines) => sink.write(lines)));
    const body = (await readFile(join(target, 'usage-2026-11-26.lp'), 'utf8')).split('\n').slice(2, -1);
    expect(body).toEqual(calls.flat());
  });

  it('an empty write creates nothing; an aborted one writes nothing', async () => {
    const { sink, target } = await sinkAt({ value: T0 });
    await sink.write([]);
    await expect(sink.write(['m v=1 1'], AbortSignal.abort(new Error('stopped')))).rejects.toThrow('stopped');
    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
  });

  it('a folder that is a file fails ping and write', async () => {
    dir = await mkdtemp(join(tmpdir(), 'line-file-sink-'));
    await writeFile(join(dir, 'file'), 'x');
    const sink = new LineFileSink({ dir: join(dir, 'file') }, silentLogger);
    await expect(sink.ping()).rejects.toThrow(/EEXIST|ENOTDIR/);
    const error = await sink.write(['m v=1 1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkWriteError);
    expect((error as Error).message).toMatch(/^line-protocol files in .*file: could not append to .*usage-\d{4}-\d{2}-\d{2}\.lp: (EEXIST|ENOTDIR)/);
  });
});

describe('LineFileSink files replayed into InfluxDB 1.6', () => {
  const url = inject('influxUrl');
  const db = uniqueDatabase('file_sink');
  beforeAll(async () => {
    await influxQuery(url, `CREATE DATABASE "${db}"`);
  });

  it('the file is valid line protocol; re-fetched buckets replayed in order leave the latest value', async () => {
    const { sink, target } = await sinkAt({ value: T0 }, { database: db });
    const line = (recv: number) => `client_usage,client=k1,network=N recv=${recv},sent=${recv / 2} 1764115200`;
    await sink.write([line(10), 'client_usage,client=k2,network=N recv=1,sent=1 1764115200']);
    await sink.write([line(25.5)]); // the same open bucket fetched again later
    const file = await readFile(join(target, 'usage-2026-11-26.lp'), 'utf8');
    // What `influx -import` does with the DML section: POST the lines (comment lines are skipped by the parser).
    const res = await fetch(`${url}/write?db=${db}&precision=s`, { method: 'POST', body: file });
    expect(res.status).toBe(204);
    const rows = await influxQuery(url, `SELECT sum(recv), count(recv) FROM client_usage GROUP BY client`, db);
    expect(rows.map((r) => [r.tags?.['client'], r.values[0]?.[1], r.values[0]?.[2]])).toEqual([
      ['k1', 25.5, 1],
      ['k2', 1, 1],
    ]);
  });
});
