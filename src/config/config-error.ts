/** One problem found while loading the configuration: the key (or environment variable) and what to do. */
export interface ConfigProblem {
  /** Dotted config key (`meraki.ratePerOrgPerSecond`) or environment variable name (`MERAKI_ORG_IDS`). */
  key: string;
  /** What is wrong and the fix, e.g. `expected a number > 0, e.g. 8`. */
  message: string;
}

/** Bad configuration: the CLI prints the message (no stack trace) and exits with `exitCode` (2). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = 2;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    super(formatProblems(problems), options);
    this.problems = problems;
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `${p.key}: ${p.message}`);
  if (lines.length === 1) return `invalid configuration: ${lines[0]}`;
  return `invalid configuration (${lines.length} problems):\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}
