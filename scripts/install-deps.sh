#!/usr/bin/env bash
# Installs what the tests need on a clean Debian machine: npm packages, and the real servers the tests start
# (InfluxDB 1.6.7 and VictoriaMetrics from Debian's packages). Safe to run again: it skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ -x /usr/bin/chromium ] || missing+=(chromium)  # the HTML report test drives it through playwright-core
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)  # prometheus + promtool: alert rules and /metrics tests
command -v tinyproxy >/dev/null 2>&1 || missing+=(tinyproxy)  # the proxy tests (CONNECT tunnels) start their own
command -v openssl >/dev/null 2>&1 || missing+=(openssl)      # the proxy/CA tests generate a CA with it
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages may start the service system-wide; the tests start their own servers on free ports.
  $SUDO systemctl stop influxdb victoria-metrics tinyproxy prometheus >/dev/null 2>&1 || true
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund
fi
