#!/usr/bin/env bash
# The whole test suite: dependencies, a throwaway PostgreSQL 15 on loopback, build, swift test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

bash scripts/install-deps.sh --test

bash scripts/pg-test-server.sh start
# On any exit (a failed step under set -e, Ctrl-C): the server stopped, the witness files removed.
trap 'rm -rf "${IDXSCOPE_WITNESS_DIR:-}"; bash scripts/pg-test-server.sh stop >/dev/null 2>&1 || true' EXIT
IDXSCOPE_TEST_PG_URI="$(bash scripts/pg-test-server.sh uri)"
export IDXSCOPE_TEST_PG_URI
echo "PostgreSQL for tests: $IDXSCOPE_TEST_PG_URI"

# The end-to-end tests drive the built binary in tmux; build it first so they find it.
swift build

# Witness databases that only idxscope reads: fingerprinted before and after the whole suite.
IDXSCOPE_WITNESS_DIR="$(mktemp -d /tmp/idxscope-witness.XXXXXX)"
export IDXSCOPE_WITNESS_DIR
bash scripts/witness.sh setup "$IDXSCOPE_WITNESS_DIR" "$IDXSCOPE_TEST_PG_URI"
IDXSCOPE_WITNESS_PG_URI="$(bash scripts/witness.sh uri "$IDXSCOPE_WITNESS_DIR" "$IDXSCOPE_TEST_PG_URI")"
export IDXSCOPE_WITNESS_PG_URI
bash scripts/witness.sh snapshot "$IDXSCOPE_WITNESS_DIR" "$IDXSCOPE_TEST_PG_URI" > .build/witness-before.txt

# XCTest only (there are no Swift Testing tests; its "0 tests" line would close the log).
set +e
swift test --disable-swift-testing 2>&1 | tee .build/test.log
status=${PIPESTATUS[0]}
set -e

bash scripts/witness.sh snapshot "$IDXSCOPE_WITNESS_DIR" "$IDXSCOPE_TEST_PG_URI" > .build/witness-after.txt
if ! diff -u .build/witness-before.txt .build/witness-after.txt; then
    echo "witness: a database that only idxscope read changed during the suite (diff above)" >&2
    status=1
else
    echo "witness: $(grep -c . .build/witness-before.txt) fingerprint lines unchanged (SQLite files, PostgreSQL counters, sequences, rows)"
fi

# A short fuzz pass of every parser of outside text on the debug build (scripts/fuzz.sh runs
# the full count in release mode; a debug build runs about 10x slower).
if ! "$(swift build --show-bin-path)/idxscope-fuzz" --count "${IDXSCOPE_FUZZ_COUNT:-2000}"; then
    echo "fuzz: a parser crashed or hung (input above)" >&2
    status=1
fi
summary=$(grep -E "Executed [0-9]+ tests?, with" .build/test.log | tail -n 1)
executed=$(echo "$summary" | sed -nE 's/.*Executed ([0-9]+) tests?.*/\1/p')
failed=$(echo "$summary" | sed -nE 's/.* ([0-9]+) failures? \(.*/\1/p')
skipped=$(echo "$summary" | sed -nE 's/.* ([0-9]+) tests? skipped.*/\1/p')
executed=${executed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
echo
# The plain closing line CI reads.
echo "$((executed - failed - skipped)) passed, $failed failed, $skipped skipped"
exit "$status"
