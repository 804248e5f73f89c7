#!/usr/bin/env bash
# The whole test suite: dependencies, a throwaway PostgreSQL 15 on loopback, build, swift test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

bash scripts/install-deps.sh --test

bash scripts/pg-test-server.sh start
trap 'bash scripts/pg-test-server.sh stop >/dev/null 2>&1 || true' EXIT
IDXSCOPE_TEST_PG_URI="$(bash scripts/pg-test-server.sh uri)"
export IDXSCOPE_TEST_PG_URI
echo "PostgreSQL for tests: $IDXSCOPE_TEST_PG_URI"

# The end-to-end tests drive the built binary in tmux; build it first so they find it.
swift build
# XCTest only (there are no Swift Testing tests; its "0 tests" line would close the log).
set +e
swift test --disable-swift-testing 2>&1 | tee .build/test.log
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E "Executed [0-9]+ tests?, with" .build/test.log | tail -n 1)
executed=$(echo "$summary" | sed -nE 's/.*Executed ([0-9]+) tests?.*/\1/p')
failed=$(echo "$summary" | sed -nE 's/.* ([0-9]+) failures? \(.*/\1/p')
skipped=$(echo "$summary" | sed -nE 's/.* ([0-9]+) tests? skipped.*/\1/p')
executed=${executed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
echo
# The plain closing line CI reads.
echo "$((executed - failed - skipped)) passed, $failed failed, $skipped skipped"
exit "$status"
