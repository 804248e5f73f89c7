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
