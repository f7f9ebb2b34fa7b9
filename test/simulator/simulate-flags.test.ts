import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, DEFAULT_QUIRKS } from '../../src/simulator/index.js';
import { FAULT_NAMES, QUIRK_NAMES, SIMULATE_HELP } from '../../src/simulator/simulate-flags.js';

describe('simulate-flags (the simulator flags and help the CLI reads without loading the simulator)', () => {
  it('names the quirks and faults of the defaults, in their order', () => {
    expect([...QUIRK_NAMES]).toEqual(Object.keys(DEFAULT_QUIRKS));
    expect([...FAULT_NAMES]).toEqual(Object.keys(DEFAULT_FAULTS));
  });

  it('lists every quirk and every fault rate in the help', () => {
    expect(SIMULATE_HELP).toContain(`quirks to switch on: ${Object.keys(DEFAULT_QUIRKS).join(', ')}\n`);
    const rates = Object.keys(DEFAULT_FAULTS).filter((k) => k !== 'slowMs');
    expect(SIMULATE_HELP).toContain(`fault rates 0..1: ${rates.join(', ')};\n`);
  });
});
