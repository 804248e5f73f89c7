#!/usr/bin/env bash
# Seeded fuzzing of the parsers of outside text: the EXPLAIN QUERY PLAN classifier, the
# PostgreSQL plan reader (with the tree and JSON reports), the SQL splitter/scanner and the
# theme parser. A crash prints the input and the signal; an input running past 10 s is a hang.
#   scripts/fuzz.sh                     # 1,000,000 inputs per parser, release build
#   FUZZ_COUNT=20000 FUZZ_SEED=7 scripts/fuzz.sh --target sql
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"
swift build -c release --product idxscope-fuzz >&2
exec "$(swift build -c release --show-bin-path)/idxscope-fuzz" --count "${FUZZ_COUNT:-1000000}" --seed "${FUZZ_SEED:-20261130}" "$@"
