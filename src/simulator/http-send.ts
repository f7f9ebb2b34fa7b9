/** Writing answers: JSON with X-Request-Id, body faults (truncated, invalid JSON) and slow responses. */
import type { ServerResponse } from 'node:http';
import { unit, hash4 } from './hash.js';
import type { SimState } from './sim-state.js';

/** Salts of the per-request fault rolls. */
export const ROLL = { reset: 1, serverError: 2, slow: 3, truncated: 4, invalidJson: 5, untrustedRedirect: 6, untrustedLink: 7, which: 8 } as const;

/** Deterministic 0..1 roll for one request and one fault kind. */
export function roll(state: SimState, seq: number, salt: number): number {
  return unit(hash4(state.options.seed, seq, salt, 0xfa17));
}

export function sendJson(state: SimState, res: ServerResponse, seq: number, status: number, body: string, headers: Record<string, string> = {}): void {
  let text = body;
  if (status === 200 && roll(state, seq, ROLL.truncated) < state.faults.truncatedRate) {
    text = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    state.counters.fault('truncated');
  } else if (status === 200 && roll(state, seq, ROLL.invalidJson) < state.faults.invalidJsonRate) {
    text = '<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>';
    state.counters.fault('invalidJson');
  }
  const write = (): void => {
    if (res.destroyed) return;
    state.counters.status(status);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };
  if (state.faults.slowRate > 0 && roll(state, seq, ROLL.slow) < state.faults.slowRate) {
    state.counters.fault('slow');
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      write();
    }, state.faults.slowMs);
    state.timers.add(timer);
  } else write();
}

export function sendRedirect(state: SimState, res: ServerResponse, location: string): void {
  const status = state.quirks.redirectStatus;
  state.counters.status(status);
  const body = JSON.stringify({ errors: [`Moved to ${location}`] });
  res.writeHead(status, { Location: location, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function errorBody(errors: string[]): string {
  return JSON.stringify({ errors });
}
