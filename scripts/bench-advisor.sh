#!/usr/bin/env bash
# Benchmark: `findings --workload` (the advisor, hypopg) on the database with 10,000 indexes that
# scripts/bench-postgres.sh uses, with a 100-statement workload. Prints the wall time, and the
# candidates and planner calls the advisor reports: the calls grow with the candidates (each is
# planned against the statements on its own table), not with the database's index count.
#   scripts/bench-advisor.sh [IDXSCOPE_BINARY]   (BENCH_DB=name BENCH_TABLES=100: a smaller database to compare)
# Needs the test server (scripts/pg-test-server.sh start). Target: under 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${1:-.build/release/idxscope}"
[[ -x "$BIN" ]] || BIN=.build/debug/idxscope
[[ -x "$BIN" ]] || { echo "bench: no idxscope binary (swift build)" >&2; exit 1; }
TABLES="${BENCH_TABLES:-1000}"
INDEXES_PER_TABLE="${BENCH_INDEXES_PER_TABLE:-10}"
ROWS_PER_TABLE="${BENCH_ROWS_PER_TABLE:-100}"
STATEMENTS="${BENCH_STATEMENTS:-100}"
DB="${BENCH_DB:-idxscope_bench}"
SERVER_URI="$(scripts/pg-test-server.sh start | tail -1)"
BENCH_URI="${SERVER_URI%/*}/$DB"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

psql_server() { psql "$SERVER_URI" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_bench() { psql "$BENCH_URI" -X -q -v ON_ERROR_STOP=1 "$@"; }

expected=$((TABLES * INDEXES_PER_TABLE))
source scripts/bench-postgres-db.sh
psql_bench -c "CREATE EXTENSION IF NOT EXISTS hypopg"

# Four shapes over the first tables: filter after an index, sort, join, range.
for ((i = 1; i <= STATEMENTS; i++)); do
    t=$(( (i - 1) % TABLES + 1 )); u=$(( t % TABLES + 1 ))
    echo "-- calls: $(( (i * 37) % 100 + 1 ))"
    case $((i % 4)) in
        0) echo "SELECT * FROM t$t WHERE c1 = 5 AND c2 > 3;" ;;
        1) echo "SELECT c3 FROM t$t WHERE c2 = 7 ORDER BY c3 LIMIT 5;" ;;
        2) echo "SELECT * FROM t$t a JOIN t$u b ON b.c4 = a.c5 WHERE a.c6 = 9;" ;;
        3) echo "SELECT count(*) FROM t$t WHERE c7 BETWEEN 10 AND 20 AND c8 = 3;" ;;
    esac
done >"$WORK/workload.sql"

indexes="$(psql_bench -Atc "SELECT count(*) FROM pg_index")"
start=$(date +%s.%N)
"$BIN" findings "$BENCH_URI" --workload "$WORK/workload.sql" --format json >"$WORK/findings.json"
end=$(date +%s.%N)

python3 - "$WORK/findings.json" "$start" "$end" "$indexes" "$BIN" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
advisor = report["advisor"]
missing = [f for f in report["findings"] if f["kind"] == "missing"]
print(f"binary: {sys.argv[5]}")
print(f"indexes in the database: {sys.argv[4]}")
print(f"workload: {advisor['statements']} statements, {advisor['statements_planned']} planned")
print(f"candidates: {advisor['candidates']}, planner calls: {advisor['planner_calls']}, indexes proposed: {len(missing)}")
advised = advisor["elapsed_ms"] / 1000
print(f"advice (planning the workload, candidates, hypopg): {advised:.2f} s  (target < 10 s)")
print(f"findings --workload in all (catalog and sizes of every index included): {seconds:.2f} s")
print("PASS" if advised < 10 else "FAIL")
sys.exit(0 if advised < 10 else 1)
PY
