#!/usr/bin/env bash
# The full test suite: installs what it needs, type-checks src/test/bench (strict), lints, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npx tsc -p tsconfig.json --noEmit
npm run lint --silent # eslint, then dependency-cruiser's architecture rules (.dependency-cruiser.cjs)
npm run build --silent
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
node -e '
const r = require("./test-artifacts/vitest.json");
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
