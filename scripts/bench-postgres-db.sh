# Sourced by the PostgreSQL benchmarks: builds database $DB ($TABLES tables x $INDEXES_PER_TABLE
# single-column indexes, $ROWS_PER_TABLE rows each) unless it already holds $expected indexes.
# Needs psql_server, psql_bench, DB, TABLES, INDEXES_PER_TABLE, ROWS_PER_TABLE and expected.
existing="$(psql_server -Atc "SELECT count(*) FROM pg_database WHERE datname = '$DB'")"
if [[ "$existing" == 1 ]]; then
    existing="$(psql_bench -Atc "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")"
fi
if [[ "$existing" != "$expected" ]]; then
    echo "bench: creating $DB with $TABLES tables x $INDEXES_PER_TABLE indexes ($ROWS_PER_TABLE rows each)..." >&2
    psql_server -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    psql_bench <<SQL
CREATE EXTENSION pg_stat_statements;
DO \$\$
DECLARE
  columns text := (SELECT string_agg(format('c%s int', c), ', ') FROM generate_series(1, $INDEXES_PER_TABLE) AS c);
  values_ text := (SELECT string_agg(format('(g * %s) %% 997', c), ', ') FROM generate_series(1, $INDEXES_PER_TABLE) AS c);
BEGIN
  FOR t IN 1..$TABLES LOOP
    EXECUTE format('CREATE TABLE t%s (%s)', t, columns);
    EXECUTE format('INSERT INTO t%s SELECT %s FROM generate_series(1, $ROWS_PER_TABLE) AS g', t, values_);
    FOR c IN 1..$INDEXES_PER_TABLE LOOP
      EXECUTE format('CREATE INDEX t%s_c%s ON t%s (c%s)', t, c, t, c);
    END LOOP;
  END LOOP;
END \$\$;
SQL
    psql_bench -c "VACUUM ANALYZE"
fi

