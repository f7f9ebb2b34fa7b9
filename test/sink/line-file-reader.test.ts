import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { infoLines } from '../../src/collector/info-points.js';
import { readLineFiles } from '../../src/sink/line-file-reader.js';
import { parseLine } from '../../src/sink/line-protocol-reader.js';
import { encodeLine } from '../../src/transform/line-protocol.js';

describe('line protocol read back (the file sink\'s files)', () => {
  it.each([
    [{ network: 'N 1,x=y', client: 'k1' }, { name: 'Reception "iPad", 2nd floor', os: 'iOS' }],
    [{ network: 'L_1' }, { name: 'back\\slash', time_zone: 'Europe/Berlin' }],
    [{ network: 'L_1', ssid: 'Guest WiFi' }, { recv: 12.625, sent: 0.125 }],
  ])('reads back what the encoder writes: tags %j, fields %j', (tags, fields) => {
    const line = encodeLine('client_info', tags, fields, 1_767_225_600);
    const p = parseLine(line)!;
    expect(p).toMatchObject({ measurement: 'client_info', tags, fields, time: 1_767_225_600 });
    expect(line.startsWith(`${p.seriesKey} `)).toBe(true);
    expect(p.seriesKey).not.toContain(' recv=');
  });

  it('integers, booleans, comments and lines cut by a crash', () => {
    expect(parseLine('m,a=b x=3i,y=true,z=F 10')?.fields).toEqual({ x: 3, y: true, z: false });
    for (const bad of ['# DML', '', 'client_usage,client=k1 recv=1', 'client_usage,client=k1 recv=', 'client_usage,client=k1 name="open 1 17', 'client_usage,client']) {
      expect(parseLine(bad)).toBeNull();
    }
  });

  it('replays files in writing order: the last write of a series and timestamp wins, field by field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-read-'));
    const key = 'client_usage,client=k1,network=N_1';
    await writeFile(join(dir, 'usage-2026-01-01.lp'), `# DML\n# CONTEXT-DATABASE: meraki\n${key} recv=1,sent=2 100\n${key} recv=5,sent=6 200\n`);
    await writeFile(join(dir, 'usage-2026-01-02.lp'), `${key} recv=3 100\n${key},ssid=Guest recv=9,sent=9 100\n${key} recv=7,sen`);
    await writeFile(join(dir, 'other.txt'), `${key} recv=99,sent=99 100\n`);
    const { points, files, skippedLines } = await readLineFiles({ dir });
    expect(files).toEqual(['usage-2026-01-01.lp', 'usage-2026-01-02.lp']);
    expect(skippedLines).toBe(1);
    const byKey = new Map(points.map((p) => [`${JSON.stringify(p.tags)} ${p.time}`, p.fields]));
    expect(byKey.get(`${JSON.stringify({ client: 'k1', network: 'N_1' })} 100`)).toEqual({ recv: 3, sent: 2 });
    expect(byKey.get(`${JSON.stringify({ client: 'k1', network: 'N_1' })} 200`)).toEqual({ recv: 5, sent: 6 });
    expect(byKey.get(`${JSON.stringify({ client: 'k1', network: 'N_1', ssid: 'Guest' })} 100`)).toEqual({ recv: 9, sent: 9 });
    expect((await readLineFiles({ dir: join(dir, 'missing') })).points).toEqual([]);
  });

  it('info lines: the Dashboard name is the description, else the MAC; empty fields are written as empty strings', () => {
    const lines = infoLines('o1', { id: 'N_1', name: 'Austin Campus 1', timeZone: 'America/Chicago' }, [
      { id: 'k1', mac: 'aa:bb', description: 'Reception-iPad', manufacturer: 'Apple', os: 'iPadOS' },
      { id: 'k2', mac: 'cc:dd', description: null, manufacturer: null, os: null },
    ], 1_767_225_600_999);
    expect(lines.map((l) => parseLine(l))).toEqual([
      expect.objectContaining({ measurement: 'network_info', tags: { network: 'N_1', org: 'o1' }, fields: { name: 'Austin Campus 1', time_zone: 'America/Chicago' }, time: 1_767_225_600 }),
      expect.objectContaining({ measurement: 'client_info', tags: { client: 'k1', network: 'N_1', org: 'o1' }, fields: { name: 'Reception-iPad', mac: 'aa:bb', description: 'Reception-iPad', manufacturer: 'Apple', os: 'iPadOS' } }),
      expect.objectContaining({ measurement: 'client_info', tags: { client: 'k2', network: 'N_1', org: 'o1' }, fields: { name: 'cc:dd', mac: 'cc:dd', description: '', manufacturer: '', os: '' } }),
    ]);
  });
});
