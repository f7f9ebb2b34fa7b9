#!/usr/bin/env node
import { main } from './cli/main.js';

/** The `meraki-usage` executable: the only place that sets the exit code. */
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signals: process,
});
process.exitCode = code;
// Should a library keep a handle open after the command ended, leave anyway (unref: never delays a clean exit).
setTimeout(() => process.exit(code), 5000).unref();
