/** The simulated clock: manual (set/advance only) or the wall clock plus an offset that set/advance move. */
import type { SimClock } from './types.js';

export function createSimClock(start: number | 'real'): SimClock {
  const state = start === 'real' ? { manual: false, value: 0 } : { manual: true, value: start };
  const now = (): number => (state.manual ? state.value : Date.now() + state.value);
  return {
    now,
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new Error(`Expected \`ms\` to be a finite number, got ${ms}`);
      state.value = state.manual ? ms : ms - Date.now();
    },
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new Error(`Expected \`ms\` to be a finite number, got ${ms}`);
      state.value += ms;
    },
  };
}
