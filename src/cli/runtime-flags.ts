/**
 * The V8 flags every launcher of the collector the project ships gives node: `npm start`, scripts/demo.sh, the
 * Dockerfile and the Kubernetes StatefulSet (test/cli/runtime-flags.test.ts keeps them in step with this list). Not
 * the `meraki-usage` executable's shebang: `#!/usr/bin/env -S node ...` fails where `env` has no `-S` (BusyBox,
 * e.g. Alpine), so it stays `#!/usr/bin/env node` and docs/deployment.md says to set NODE_OPTIONS.
 *
 * `--max-semi-space-size=4`: V8's young generation stops growing at 4 MB per semi-space (Node 20's default: 16 MB).
 * V8 doubles it whenever the bytes that survived scavenges since it last grew exceed its size, so a long enough run
 * reaches the maximum however little each page leaves alive, and the peak RSS grew with the length of a backfill
 * (10 -> 500 networks: 87 -> 128 MB). Capped: 84 -> 92 MB, with no CPU cost we could measure (bench/memory.ts
 * measures both, in the same run).
 */
export const SEMI_SPACE_MB = 4;

export const NODE_RUNTIME_FLAGS: readonly string[] = Object.freeze([`--max-semi-space-size=${SEMI_SPACE_MB}`]);
