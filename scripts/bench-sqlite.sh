#!/usr/bin/env bash
# Benchmarks idxscope's SQLite catalog and space against SQLite's own tools on a >= 1 GiB
# database with >= 200 indexes. The database is cached in ./bench-data/ (gitignored).
#   scripts/bench-sqlite.sh            # build (release), create the DB once, time everything
#   BENCH_RUNS=10 scripts/bench-sqlite.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=bench-data
DB="$DATA_DIR/bench-1gib.db"
RUNS="${BENCH_RUNS:-5}"
BIG_ROWS="${BENCH_BIG_ROWS:-1000000}"   # rows of ~1 KiB in the big table → ~1.05 GiB
SMALL_TABLES=40                          # × 5 indexes = 200, plus 4 on the big table

create_database() {
    mkdir -p "$DATA_DIR"
    local tmp="$DB.tmp"
    rm -f "$tmp"
    echo "creating $DB ($BIG_ROWS rows of ~1 KiB, $((SMALL_TABLES * 5 + 4)) indexes)…" >&2
    {
        echo "PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
        echo "BEGIN;"
        echo "CREATE TABLE blobs(id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c TEXT, payload BLOB);"
        echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < $BIG_ROWS)
              INSERT INTO blobs SELECT i, abs(random()) % 100000, i % 977, hex(randomblob(8)), randomblob(1000) FROM n;"
        echo "CREATE INDEX blobs_a ON blobs(a); CREATE INDEX blobs_b ON blobs(b);"
        echo "CREATE INDEX blobs_ab ON blobs(a, b); CREATE INDEX blobs_c ON blobs(c);"
        for t in $(seq -f '%03g' 0 $((SMALL_TABLES - 1))); do
            echo "CREATE TABLE t$t(id INTEGER PRIMARY KEY, c0 INTEGER, c1 INTEGER, c2 TEXT, c3 REAL, c4 TEXT);"
            echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
                  INSERT INTO t$t SELECT i, abs(random()) % 1000, i % 37, hex(randomblob(6)), random() / 1e9, 'row ' || i FROM n;"
            echo "CREATE INDEX t${t}_c0 ON t$t(c0); CREATE INDEX t${t}_c1 ON t$t(c1);"
            echo "CREATE INDEX t${t}_c0_c1 ON t$t(c0, c1); CREATE INDEX t${t}_c2 ON t$t(c2 DESC);"
            echo "CREATE INDEX t${t}_c4_lower ON t$t(lower(c4)) WHERE c1 > 10;"
        done
        echo "COMMIT; ANALYZE;"
    } | sqlite3 "$tmp"
    mv "$tmp" "$DB"
}

[ -f "$DB" ] || create_database
[ "${1:-}" = "--create-only" ] && exit 0

command -v hyperfine >/dev/null || { echo "bench-sqlite: hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
command -v sqlite3_analyzer >/dev/null || { echo "bench-sqlite: sqlite3_analyzer is missing (apt-get install sqlite3-tools)" >&2; exit 2; }

swift build -c release --product idxscope >&2
BIN="$(swift build -c release --show-bin-path)/idxscope"
if ! "$BIN" indexes "$DB" --no-sizes --format json >/dev/null; then
    echo "bench-sqlite: '$BIN indexes' failed; is the indexes command in this build?" >&2
    exit 2
fi

# The figures must be right before they are fast: one index's size against dbstat.
python3 - "$BIN" "$DB" <<'PY'
import json, subprocess, sys
binary, db = sys.argv[1:3]
report = json.loads(subprocess.run([binary, "indexes", db, "--format", "json"], check=True, capture_output=True).stdout)
indexes = {i["name"]: i for i in report["indexes"]}
floor = subprocess.run(["sqlite3", db, "SELECT sum(pgsize) FROM dbstat WHERE name = 'blobs_a'"], check=True,
                       capture_output=True, text=True).stdout.strip()
assert len(indexes) >= 200, f"only {len(indexes)} indexes"
assert str(indexes["blobs_a"]["size_bytes"]) == floor, (indexes["blobs_a"]["size_bytes"], floor)
print(f"check: {len(indexes)} indexes, blobs_a = {floor} bytes as dbstat says", file=sys.stderr)
PY

OUT="$DATA_DIR/results"
mkdir -p "$OUT"
FLOOR_SQL="SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
hyperfine -N -w 1 -r "$RUNS" --export-json "$OUT/sizes.json" \
    -n "idxscope indexes --format json" "$BIN indexes $DB --format json" \
    -n "sqlite3 dbstat GROUP BY name" "sqlite3 $DB '$FLOOR_SQL'"
hyperfine -N -w 1 -r "$RUNS" --export-json "$OUT/no-sizes.json" \
    -n "idxscope indexes --no-sizes" "$BIN indexes $DB --no-sizes --format json"
hyperfine -N -r "${BENCH_ANALYZER_RUNS:-2}" --export-json "$OUT/analyzer.json" \
    -n "sqlite3_analyzer" "sqlite3_analyzer $DB"

# Peak resident memory of the sizes pass (ru_maxrss): pages are read, not mapped, so it must not
# follow the file size.
/usr/bin/time -f "%M" -o "$OUT/peak-rss-kib" "$BIN" indexes "$DB" --format json >/dev/null

python3 - "$OUT" "$DB" <<'PY'
import json, os, sys
out, db = sys.argv[1:3]
mean = {}
for name in ("sizes", "no-sizes", "analyzer"):
    for result in json.load(open(os.path.join(out, name + ".json")))["results"]:
        mean[result["command"]] = result["mean"]
ours, floor = mean["idxscope indexes --format json"], mean["sqlite3 dbstat GROUP BY name"]
analyzer, catalog = mean["sqlite3_analyzer"], mean["idxscope indexes --no-sizes"]
size = os.path.getsize(db) / 2**30
print(f"\n{db}: {size:.2f} GiB")
print(f"{'command':34} {'mean':>9}")
for command, seconds in mean.items():
    print(f"{command:34} {seconds * 1000:7.0f} ms")
def verdict(ok): return "ok" if ok else "MISSED"
print(f"idxscope / dbstat floor   = {ours / floor:.2f}x (target <= 1.1x: {verdict(ours <= 1.1 * floor)})")
print(f"idxscope / sqlite3_analyzer = {ours / analyzer:.2f}x (target <= 0.7x: {verdict(ours <= 0.7 * analyzer)})")
print(f"--no-sizes = {catalog * 1000:.1f} ms (target < 50 ms: {verdict(catalog < 0.05)})")
peak = int(open(os.path.join(out, "peak-rss-kib")).read().split()[-1]) / 1024
print(f"peak RSS of idxscope indexes = {peak:.1f} MiB for a {size:.2f} GiB file (target < 100 MiB: {verdict(peak < 100)})")
PY
