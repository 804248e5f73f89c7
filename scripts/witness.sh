#!/usr/bin/env bash
# Databases that only idxscope reads during the test suite, and their fingerprint before and
# after it: scripts/test.sh fails when any changed (a write that read-only idxscope must never make).
#   scripts/witness.sh setup DIR PG_URI     # SQLite files in DIR, database idxscope_witness on the server
#   scripts/witness.sh snapshot DIR PG_URI  # prints the fingerprint (file list, sha256, PG counters, sequences, rows)
# ReadOnlyWitnessTests runs every command over them (IDXSCOPE_WITNESS_DIR, IDXSCOPE_WITNESS_PG_URI).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"
DB_NAME=idxscope_witness

witness_uri() { echo "${2%/*}/$DB_NAME"; }

setup() {
    local dir=$1 uri=$2
    rm -rf "$dir" && mkdir -p "$dir"
    "$(swift build --show-bin-path)/idxscope" demo "$dir/demo.db" >/dev/null
    sqlite3 "$dir/wal.db" "PRAGMA journal_mode = WAL; CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INT);
        CREATE INDEX t_b ON t(b); CREATE INDEX t_c ON t(c);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO t SELECT i, hex(randomblob(8)), i % 7 FROM n;" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 "$uri" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME" 2>/dev/null
    psql -X -q -v ON_ERROR_STOP=1 "$(witness_uri "$dir" "$uri")" >/dev/null <<'SQL'
CREATE EXTENSION IF NOT EXISTS hypopg;
CREATE TABLE job (id serial PRIMARY KEY, status text NOT NULL, owner int, created timestamptz DEFAULT now());
INSERT INTO job (status, owner) SELECT CASE WHEN g % 50 = 0 THEN 'done' ELSE 'new' END, g % 40 FROM generate_series(1, 20000) AS g;
CREATE INDEX job_status ON job (status);
CREATE INDEX job_status_dup ON job (status);
CREATE TABLE owner (id int PRIMARY KEY, name text);
INSERT INTO owner SELECT g, 'o' || g FROM generate_series(0, 39) AS g;
ALTER TABLE job ADD FOREIGN KEY (owner) REFERENCES owner (id);
CREATE SEQUENCE counter;
SELECT setval('counter', 41);
CREATE VIEW next_counter AS SELECT nextval('counter') AS n;
CREATE FUNCTION touch() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN setval('counter', 999999); END $$;
-- Autoanalyze would rewrite pg_statistic rows a minute later and move tup_updated: the
-- fingerprint must only move for idxscope.
ALTER TABLE job SET (autovacuum_enabled = false);
ALTER TABLE owner SET (autovacuum_enabled = false);
CREATE EXTENSION IF NOT EXISTS pgstattuple;
VACUUM ANALYZE;
SQL
    cat > "$dir/queries.sql" <<'SQL'
SELECT * FROM job WHERE status = 'done';
SELECT * FROM job WHERE owner = 7;
DELETE FROM job WHERE id < 10;
UPDATE job SET status = 'x' WHERE id = 1;
INSERT INTO job (status) VALUES ('new');
SQL
}

snapshot() {
    local dir=$1 uri=$2 wuri
    wuri=$(witness_uri "$dir" "$uri")
    echo "== files"; (cd "$dir" && ls -A | LC_ALL=C sort && sha256sum -- * | LC_ALL=C sort -k2)
    echo "== pg_stat_database"
    psql -X -At "$uri" -c "SELECT tup_inserted, tup_updated, tup_deleted, stats_reset IS NULL FROM pg_stat_database WHERE datname = '$DB_NAME'"
    echo "== sequences"
    psql -X -At "$wuri" -c "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"
    echo "== tables"
    psql -X -At "$wuri" -c "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables ORDER BY relname"
    psql -X -At "$wuri" -c "SELECT 'job', md5(string_agg(j::text, ',' ORDER BY id)) FROM job AS j" \
                         -c "SELECT 'owner', md5(string_agg(o::text, ',' ORDER BY id)) FROM owner AS o"
    echo "== advisory locks"
    psql -X -At "$uri" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
}

case "${1:-}" in
    setup) setup "$2" "$3" ;;
    snapshot) snapshot "$2" "$3" ;;
    uri) witness_uri "$2" "$3" ;;
    *) echo "usage: $0 setup|snapshot|uri DIR PG_URI" >&2; exit 2 ;;
esac
