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
 *
 * `--max-old-space-size=512`: V8 lets the old generation grow to a multiple of what survived its last full GC
 * before it runs the next one, and that multiple depends on the heap's maximum: 4 when the maximum is 2 GB or more
 * (node's default here: a quarter of the RAM, at most 4 GB), about 1.4 at 512 MB. Pages of requests that wait a
 * little are promoted and die in old space, so a long run filled it to 4x what lives: an hourly run of 10,000
 * networks peaked at 195-225 MB of RSS against 88 MB for 100 networks, with 19 MB alive after it; with the flag,
 * 112 MB (a 100,000-client backfill: ~150 MB instead of 175-209). The price: about four times the full GCs, so a
 * backfill that is not held back by Meraki's rate (the local simulator) spends ~40% more CPU; at Meraki's rates the
 * collector waits for the API either way. Other settings measured: docs/benchmarks.md. The collector keeps ~20-30 MB
 * alive at 10,000 networks, so 512 MB leaves more than 15x.
 */
export const SEMI_SPACE_MB = 4;
export const MAX_OLD_SPACE_MB = 512;

export const NODE_RUNTIME_FLAGS: readonly string[] = Object.freeze([`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${MAX_OLD_SPACE_MB}`]);
