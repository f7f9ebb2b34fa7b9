/**
 * Figures of the reliability suite, per scenario: passed or failed, the distinct client-days compared with the
 * truth (each counted once however often it was checked), how many of them differed (from full comparisons, never
 * a capped diff list), and the faults injected by kind. A scenario with no fault injected is fault-free, whatever
 * its file; bad-input cases are their own category, not faults. Each file prints one JSON line when it ends and
 * the summary of the files of the same vitest run that have finished (the last one prints the whole suite's).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { UsageMap } from './collector-harness.js';

export type ScenarioCategory = 'fault' | 'fault-free' | 'bad-input';

export interface ScenarioFigures {
  name: string;
  category: ScenarioCategory;
  passed: boolean;
  /** Distinct client-days (network|client|day) compared with the truth. */
  clientDays: number;
  /** Of those, how many differed from the truth at least once (missing, wrong or unexpected). */
  clientDaysWrong: number;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
  leaks: number;
}

export interface FileFigures {
  file: string;
  scenarios: ScenarioFigures[];
  /** Anything else worth printing (heap sizes, durations...). */
  details: Record<string, number | string>;
}

export interface ScenarioRecorder {
  fault(kind: string, n?: number): void;
  leak(n?: number): void;
  /** Full comparison of `stored` with `expected` (every key of both); records the keys; returns every difference. */
  compare(stored: UsageMap, expected: UsageMap): string[];
  /** Records keys compared elsewhere, and those of them that differed. */
  compared(keys: Iterable<string>, wrong: Iterable<string>): void;
  /** The scenario got through all its checks; it fails if its test fails afterwards. */
  done(): void;
}

export interface FiguresRecorder {
  /** A scenario; inside a test, a failure of the test marks it failed. */
  scenario(name: string, options?: { badInput?: boolean }): ScenarioRecorder;
  detail(name: string, value: number | string): void;
  /** Prints this file's line and the summary so far; call in afterAll. */
  report(): void;
}

/** Where the lines of each file are kept between the forks of one run. */
export const FIGURES_DIR = join(process.cwd(), 'test-artifacts', 'reliability');
/** The test files of the suite (for "n of N files" in the summary). */
export const SUITE_FILES = ['api-faults', 'bad-input', 'crash', 'secrets', 'sink-faults', 'soak'] as const;

/** Every difference between `stored` and `expected`, as texts. */
export function fullDiff(stored: UsageMap, expected: UsageMap): { diffs: string[]; wrong: string[] } {
  const diffs: string[] = [];
  const wrong: string[] = [];
  for (const [k, e] of expected) {
    const a = stored.get(k);
    if (a && a.recv === e.recv && a.sent === e.sent) continue;
    wrong.push(k);
    diffs.push(a ? `wrong ${k}: got ${a.recv}/${a.sent}, want ${e.recv}/${e.sent}` : `missing ${k} (want ${e.recv}/${e.sent})`);
  }
  for (const k of stored.keys()) {
    if (expected.has(k)) continue;
    wrong.push(k);
    diffs.push(`unexpected ${k}`);
  }
  return { diffs, wrong };
}

interface LiveScenario {
  name: string;
  badInput: boolean;
  passed: boolean;
  failedTest: boolean;
  keys: Set<string>;
  wrong: Set<string>;
  faults: Record<string, number>;
  leaks: number;
}

function figuresOf(s: LiveScenario): ScenarioFigures {
  const injected = Object.values(s.faults).reduce((a, b) => a + b, 0);
  return {
    name: s.name,
    category: s.badInput ? 'bad-input' : injected > 0 ? 'fault' : 'fault-free',
    passed: s.passed && !s.failedTest,
    clientDays: s.keys.size,
    clientDaysWrong: s.wrong.size,
    faults: s.faults,
    leaks: s.leaks,
  };
}

/** `runId` tells runs apart (any value unique to the vitest run, e.g. the shared InfluxDB URL). */
export function figuresRecorder(file: (typeof SUITE_FILES)[number], runId: string): FiguresRecorder {
  const live: LiveScenario[] = [];
  const details: Record<string, number | string> = {};
  return {
    scenario(name, options = {}) {
      const s: LiveScenario = { name, badInput: options.badInput ?? false, passed: false, failedTest: false, keys: new Set(), wrong: new Set(), faults: {}, leaks: 0 };
      live.push(s);
      try {
        onTestFinished(({ task }) => void (s.failedTest = task.result?.state === 'fail'));
      } catch {
        // outside a test (beforeAll): done() alone decides
      }
      const compared = (keys: Iterable<string>, wrong: Iterable<string>): void => {
        for (const k of keys) s.keys.add(k);
        for (const k of wrong) {
          s.keys.add(k);
          s.wrong.add(k);
        }
      };
      return {
        fault: (kind, n = 1) => void (n > 0 && (s.faults[kind] = (s.faults[kind] ?? 0) + n)),
        leak: (n = 1) => void (s.leaks += n),
        compare: (stored, expected) => {
          const { diffs, wrong } = fullDiff(stored, expected);
          compared(expected.keys(), wrong);
          return diffs;
        },
        compared,
        done: () => void (s.passed = true),
      };
    },
    detail: (name, value) => void (details[name] = value),
    report: () => {
      const figures: FileFigures = { file, scenarios: live.map(figuresOf), details };
      const keys = [...new Set(live.flatMap((s) => [...s.keys]))];
      console.log(JSON.stringify({ reliability: file, ...fileTotals(figures), distinctClientDays: keys.length, details }));
      mkdirSync(FIGURES_DIR, { recursive: true });
      writeFileSync(join(FIGURES_DIR, `${file}.json`), JSON.stringify({ runId, ...figures, clientDayKeys: keys }));
      console.log(JSON.stringify(summarize(runId)));
    },
  };
}

export interface Totals {
  scenarios: number;
  passed: number;
  failed: number;
  byCategory: Record<ScenarioCategory, number>;
  /** Distinct client-days compared, each counted once per scenario (scenarios have their own databases). */
  clientDays: number;
  clientDaysWrong: number;
  faults: Record<string, number>;
  faultsInjected: number;
  leaks: number;
}

export function fileTotals(f: Pick<FileFigures, 'scenarios'>): Totals {
  const t: Totals = { scenarios: 0, passed: 0, failed: 0, byCategory: { fault: 0, 'fault-free': 0, 'bad-input': 0 }, clientDays: 0, clientDaysWrong: 0, faults: {}, faultsInjected: 0, leaks: 0 };
  for (const s of f.scenarios) {
    t.scenarios++;
    if (s.passed) t.passed++;
    else t.failed++;
    t.byCategory[s.category]++;
    t.clientDays += s.clientDays;
    t.clientDaysWrong += s.clientDaysWrong;
    t.leaks += s.leaks;
    for (const [kind, n] of Object.entries(s.faults)) {
      t.faults[kind] = (t.faults[kind] ?? 0) + n;
      t.faultsInjected += n;
    }
  }
  return t;
}

/**
 * Totals over the files of run `runId` that have reported. `clientDays` sums each scenario's distinct client-days
 * (scenarios store into their own databases); `distinctClientDays` counts each network|client|day key once in
 * the whole suite (scenarios over the same simulated world share keys).
 */
export function summarize(runId: string): Record<string, unknown> {
  const files: string[] = [];
  const scenarios: ScenarioFigures[] = [];
  const distinct = new Set<string>();
  for (const name of readdirSync(FIGURES_DIR).filter((n) => n.endsWith('.json')).sort()) {
    const f = JSON.parse(readFileSync(join(FIGURES_DIR, name), 'utf8')) as FileFigures & { runId: string; clientDayKeys?: string[] };
    if (f.runId !== runId || !Array.isArray(f.scenarios)) continue;
    files.push(f.file);
    scenarios.push(...f.scenarios);
    for (const k of f.clientDayKeys ?? []) distinct.add(k);
  }
  return { reliabilitySummary: `${files.length} of ${SUITE_FILES.length} files`, files, ...fileTotals({ scenarios }), distinctClientDays: distinct.size };
}
