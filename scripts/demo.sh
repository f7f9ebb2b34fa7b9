#!/usr/bin/env bash
# The demo: installs npm packages if needed, builds, then runs the collector through about six simulated months
# (daily, then hourly runs) against the embedded Meraki simulator, into the InfluxDB named by INFLUX_URL or else
# into line-protocol files in ./out, and writes out/report.html (history, trend and forecast per network).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent
exec node --max-semi-space-size=4 --max-old-space-size=512 build/src/cli.js demo "$@"
