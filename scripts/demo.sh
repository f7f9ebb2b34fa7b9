#!/usr/bin/env bash
# The demo: installs npm packages if needed, builds, then runs the collector once (a 31-day backfill) against the
# embedded Meraki simulator, into the InfluxDB named by INFLUX_URL or else into line-protocol files in ./out.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent
exec node --max-semi-space-size=4 build/src/cli.js demo "$@"
