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
swift test 2>&1 | tee .build/test.log
