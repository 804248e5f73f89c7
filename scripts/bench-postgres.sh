#!/usr/bin/env bash
# Benchmark: idxscope's PostgreSQL catalog (indexes + usage + sizes + bloat estimate) on a
# database with 10,000 indexes, against psql running the very same statements.
#   scripts/bench-postgres.sh [IDXSCOPE_BINARY]
# Needs the test server (scripts/pg-test-server.sh start) and hyperfine. Targets: at most 3
# statements, at most 1.5x psql's time, under 2 s in all.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${1:-.build/release/idxscope}"
TABLES="${BENCH_TABLES:-1000}"
INDEXES_PER_TABLE="${BENCH_INDEXES_PER_TABLE:-10}"
ROWS_PER_TABLE="${BENCH_ROWS_PER_TABLE:-100}"
DB=idxscope_bench
SERVER_URI="$(scripts/pg-test-server.sh start)"
BENCH_URI="${SERVER_URI%/*}/$DB"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

psql_server() { psql "$SERVER_URI" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_bench() { psql "$BENCH_URI" -X -q -v ON_ERROR_STOP=1 "$@"; }

[[ -x "$BIN" ]] || { echo "bench: $BIN missing (swift build -c release)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing (apt-get install hyperfine)" >&2; exit 1; }

# The statements exactly as the inspector sends them, printed by the bench helper binary.
BENCH_HELPER="$(dirname "$BIN")/idxscope-bench"
[[ -x "$BENCH_HELPER" ]] || { echo "bench: $BENCH_HELPER missing (swift build -c release)" >&2; exit 1; }
extract_sql() { "$BENCH_HELPER" sql "$1"; }
extract_sql catalog >"$WORK/catalog.sql"
extract_sql space >"$WORK/space.sql"
[[ -s "$WORK/catalog.sql" && -s "$WORK/space.sql" ]] || { echo "bench: could not extract the SQL" >&2; exit 1; }

expected=$((TABLES * INDEXES_PER_TABLE))
source scripts/bench-postgres-db.sh

db_oid="$(psql_server -Atc "SELECT oid FROM pg_database WHERE datname = '$DB'")"
count_statements() {
    psql_server -Atc "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE dbid = $db_oid AND query LIKE '/* idxscope */%'"
}

# Statement count of one idxscope run, seen by the server.
psql_server -Atc "SELECT pg_stat_statements_reset(0, $db_oid, 0)" >/dev/null
"$BIN" indexes "$BENCH_URI" --format json >"$WORK/indexes.json"
statements="$(count_statements)"

# psql gets the session settings idxscope applies after connecting (ConnectionTarget.sessionSettingsSQL,
# on a server where nobody set them otherwise), so both run the same statements under the same settings.
export PGOPTIONS="-c statement_timeout=60000 -c lock_timeout=5000 -c jit=off -c default_transaction_read_only=on"
hyperfine -N --warmup 2 --runs "${BENCH_RUNS:-10}" --export-json "$WORK/times.json" \
    --command-name idxscope "$BIN indexes '$BENCH_URI' --format json" \
    --command-name psql "psql '$BENCH_URI' -X -q -f '$WORK/catalog.sql' -f '$WORK/space.sql' -o /dev/null" >&2

python3 - "$WORK/times.json" "$statements" "$expected" "$WORK/indexes.json" <<'PY'
import json, sys
times = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
statements, expected = int(sys.argv[2]), int(sys.argv[3])
try:
    listed = len(json.load(open(sys.argv[4]))["indexes"])
except Exception:
    listed = "?"
ours, theirs = times["idxscope"]["mean"], times["psql"]["mean"]
ratio = ours / theirs
print(f"indexes: {expected} in the database, {listed} listed by idxscope")
print(f"statements per run (pg_stat_statements): {statements}  (target <= 3)")
print(f"idxscope indexes --format json: {ours:.3f} s mean (min {times['idxscope']['min']:.3f})  (target < 2 s)")
print(f"psql, same statements:          {theirs:.3f} s mean (min {times['psql']['min']:.3f})")
print(f"ratio: {ratio:.2f}x  (target <= 1.5x)")
ok = statements <= 3 and ours < 2.0 and ratio <= 1.5
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
