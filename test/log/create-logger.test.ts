import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/create-logger.js';
import { memoryStream } from './memory-stream.js';

const clock = { now: () => Date.UTC(2024, 0, 2, 3, 4, 5) };

describe('createLogger', () => {
  it('writes JSON lines with time, level, message and fields', () => {
    const stream = memoryStream();
    const log = createLogger({ stream, clock, format: 'json' });
    log.info('run finished', { networks: 3, ok: true });
    expect(stream.lines()).toEqual([
      { time: '2024-01-02T03:04:05.000Z', level: 'info', msg: 'run finished', networks: 3, ok: true },
    ]);
  });

  it('drops lines below the level', () => {
    const stream = memoryStream();
    const log = createLogger({ stream, clock, level: 'warn', format: 'json' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(stream.lines().map((l) => l['level'])).toEqual(['warn', 'error']);
  });

  it('adds child fields to every line and keeps reserved names apart', () => {
    const stream = memoryStream();
    const log = createLogger({ stream, clock, format: 'json' }).child({ org: 'o1' }).child({ network: 'n1' });
    log.info('hello', { level: 'x', count: 1 });
    expect(stream.lines()[0]).toMatchObject({ level: 'info', field_level: 'x', org: 'o1', network: 'n1', count: 1 });
  });

  it('is pretty on a TTY with format auto, JSON otherwise', () => {
    const tty = memoryStream(true);
    createLogger({ stream: tty, clock }).info('run finished', { networks: 3, note: 'two words' });
    expect(tty.text()).toBe('2024-01-02T03:04:05.000Z INFO  run finished networks=3 note="two words"\n');
    const pipe = memoryStream(false);
    createLogger({ stream: pipe, clock }).info('x');
    expect(pipe.lines()).toHaveLength(1);
  });

  it('serialises errors with name, message, status and the cause chain, without stack at info', () => {
    const stream = memoryStream();
    const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = Object.assign(new Error('request failed', { cause: root }), { status: 503, response: { big: 1 } });
    createLogger({ stream, clock, format: 'json' }).error('failed', { err });
    const line = stream.lines()[0];
    expect(line?.['err']).toEqual({
      name: 'Error', message: 'request failed', status: 503,
      cause: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
    });
    expect(stream.text()).not.toContain('    at ');
  });

  it('includes stacks at debug level', () => {
    const stream = memoryStream();
    createLogger({ stream, clock, format: 'json', level: 'debug' }).error('failed', { err: new Error('x') });
    expect(String((stream.lines()[0]?.['err'] as Record<string, unknown>)['stack'])).toContain('    at ');
  });

  it('survives cycles, bigints, dates, maps and a throwing stream', () => {
    const stream = memoryStream();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const log = createLogger({ stream, clock, format: 'json' });
    log.info('x', { cyclic, big: 10n, at: new Date(0), m: new Map([['k', 1]]) });
    expect(stream.lines()[0]).toMatchObject({
      cyclic: { a: 1, self: '[Circular]' }, big: '10', at: '1970-01-01T00:00:00.000Z', m: { k: 1 },
    });
    const broken = createLogger({ stream: { write: () => { throw new Error('EPIPE'); } }, clock });
    expect(() => broken.info('x')).not.toThrow();
  });
});
