/**
 * The architecture's rules, checked by `npm run lint` (`depcruise src`). docs/architecture.md explains them;
 * test/lint/architecture.test.ts breaks each on purpose and expects lint to name it.
 */
/** Modules that do I/O: planning and transform import none of them. */
const IO_MODULES = [
  '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|worker_threads)$',
  '(^|/)node_modules/(axios|@influxdata|http-proxy-agent|https-proxy-agent|node-cron|prom-client)/',
  '^src/(sink|state|meraki|net|observe|simulator|collector|cli)/',
];

/** Files of src/cli that are the simulator's only users: the two commands that start it, and what only they use. */
const SIMULATOR_USERS = '^src/cli/(command-simulate|command-demo|demo-history)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module must not import itself through others: the arrows point one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Folders (config, net, meraki, ...) must not import each other in a circle either.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-planning-transform',
      comment: 'src/planning and src/transform are pure: no file system, network, database or HTTP client.',
      severity: 'error',
      from: { path: '^src/(planning|transform)/' },
      to: { path: IO_MODULES },
    },
    {
      name: 'simulator-only-in-its-commands',
      comment:
        'src/simulator is loaded only by `simulate` and `demo` (and tests, benchmarks); the CLI parser and help ' +
        'read src/simulator/simulate-flags.ts, which imports nothing.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/simulator/', SIMULATOR_USERS] },
      to: { path: '^src/simulator/', pathNot: '^src/simulator/simulate-flags\\.ts$' },
    },
    {
      name: 'simulate-flags-imports-nothing',
      comment: 'src/simulator/simulate-flags.ts is read by the CLI without loading the simulator: it imports nothing.',
      severity: 'error',
      from: { path: '^src/simulator/simulate-flags\\.ts$' },
      to: {},
    },
    {
      name: 'exit-codes-only-in-cli',
      comment: 'Only src/cli (and src/cli.ts) turn results into exit codes: nothing else imports the CLI.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/cli\\.ts$'] },
      to: { path: ['^src/cli/', '^src/cli\\.ts$'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|coverage)/' },
  },
};
