/**
 * Figures of the reliability suite: each test file counts trials, faults injected, points checked, points lost and
 * leaks, prints them as one JSON line when it ends, and prints the summary of every file of the same vitest run
 * that has finished so far (the last file to finish prints the whole suite's summary).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FigureCounts {
  trials: number;
  faultsInjected: number;
  pointsChecked: number;
  pointsLost: number;
  leaks: number;
}

export interface FileFigures extends FigureCounts {
  file: string;
  /** Anything else worth printing (fault kinds, heap ratios...). */
  details: Record<string, number | string>;
}

export interface FiguresRecorder {
  readonly figures: FileFigures;
  add(name: keyof FigureCounts, n?: number): void;
  detail(name: string, value: number | string): void;
  /** Prints this file's line and the summary so far; call in afterAll. */
  report(): void;
}

/** Where the lines of each file are kept between the forks of one run. */
export const FIGURES_DIR = join(process.cwd(), 'test-artifacts', 'reliability');
/** The test files of the suite (for "n of N files" in the summary). */
export const SUITE_FILES = ['api-faults', 'bad-input', 'crash', 'secrets', 'sink-faults', 'soak'] as const;

/** `runId` tells runs apart (any value unique to the vitest run, e.g. the shared InfluxDB URL). */
export function figuresRecorder(file: (typeof SUITE_FILES)[number], runId: string): FiguresRecorder {
  const figures: FileFigures = { file, trials: 0, faultsInjected: 0, pointsChecked: 0, pointsLost: 0, leaks: 0, details: {} };
  return {
    figures,
    add: (name, n = 1) => {
      figures[name] += n;
    },
    detail: (name, value) => {
      figures.details[name] = value;
    },
    report: () => {
      const line = JSON.stringify({ reliability: file, ...figures });
      console.log(line);
      mkdirSync(FIGURES_DIR, { recursive: true });
      writeFileSync(join(FIGURES_DIR, `${file}.json`), JSON.stringify({ runId, ...figures }));
      console.log(JSON.stringify(summarize(runId)));
    },
  };
}

/** Totals over the files of run `runId` that have reported. */
export function summarize(runId: string): Record<string, unknown> {
  const totals: FigureCounts = { trials: 0, faultsInjected: 0, pointsChecked: 0, pointsLost: 0, leaks: 0 };
  const files: string[] = [];
  for (const name of readdirSync(FIGURES_DIR).filter((n) => n.endsWith('.json')).sort()) {
    const f = JSON.parse(readFileSync(join(FIGURES_DIR, name), 'utf8')) as FileFigures & { runId: string };
    if (f.runId !== runId) continue;
    files.push(f.file);
    for (const k of Object.keys(totals) as (keyof FigureCounts)[]) totals[k] += f[k];
  }
  return { reliabilitySummary: `${files.length} of ${SUITE_FILES.length} files`, files, ...totals };
}
