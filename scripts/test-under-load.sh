#!/usr/bin/env bash
# The full test suite (scripts/test.sh, arguments passed through) with two CPU-burning processes beside it
# (Debian's stress-ng, installed if missing), as on a busy CI machine. The burners are always stopped; the exit
# status is the suite's (non-zero on any failure).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "test-under-load: apt-get install stress-ng"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends stress-ng >/dev/null \
    || { $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends stress-ng >/dev/null; }
fi

# Two CPU burners, bounded (they stop by themselves after an hour even if this script is killed with -9).
stress-ng --cpu 2 --timeout 3600s --quiet &
burner=$!
stop_burners() {
  kill -TERM "$burner" 2>/dev/null || true
  wait "$burner" 2>/dev/null || true
}
trap stop_burners EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "test-under-load: stress-ng --cpu 2 (pid $burner) beside the suite"
status=0
bash scripts/test.sh "$@" || status=$?
echo "test-under-load: suite exit status $status"
exit $status
