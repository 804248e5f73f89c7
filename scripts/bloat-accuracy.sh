#!/usr/bin/env bash
# Accuracy of idxscope's btree bloat estimate against what REINDEX really frees.
#   scripts/bloat-accuracy.sh [IDXSCOPE_BINARY]      (default .build/debug/idxscope)
# Builds idxscope_bloat on the test server (scripts/pg-test-server.sh start; IDXSCOPE_PG_PORT):
# an orders-like table in five histories (fresh; 50 % deleted at random; the oldest 60 % deleted;
# half the rows updated; deleted and refilled), each with the index kinds real schemas have
# (unique keys, foreign-key-like columns with a few to thousands of duplicates, low-cardinality
# status and boolean columns, NULL-heavy and partial, expression, INCLUDE, numeric, fillfactor 70,
# multi-column), VACUUM ANALYZE as autovacuum would leave them. Then, for every btree index of
# 1 MiB or more: idxscope's estimate (indexes --format json), pgstatindex's (--exact-bloat), and the
# share of the index a REINDEX frees in a copy of the database (CREATE DATABASE … TEMPLATE).
# Prints one line per index and the summary: N, mean absolute error, how many are off by more
# than 15 points (estimate − freed, in points of the index size), and how many of those were
# marked low confidence. KEEP=1 keeps the databases for a second binary (faster rerun).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${1:-.build/debug/idxscope}"
ROWS="${BLOAT_ROWS:-300000}"
DB=idxscope_bloat
COPY=idxscope_bloat_reindexed
SERVER_URI="$(scripts/pg-test-server.sh start | tail -n 1)"
DB_URI="${SERVER_URI%/*}/$DB"
COPY_URI="${SERVER_URI%/*}/$COPY"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

[[ -x "$BIN" ]] || { echo "bloat-accuracy: $BIN missing (swift build)" >&2; exit 1; }
command -v jq >/dev/null || { echo "bloat-accuracy: jq missing (apt-get install jq)" >&2; exit 1; }

psql_at() { local uri="$1"; shift; psql "$uri" -X -q -v ON_ERROR_STOP=1 "$@"; }

build_database() {
    echo "bloat-accuracy: building $DB ($ROWS rows per table, 5 tables)..." >&2
    psql_at "$SERVER_URI" -c "DROP DATABASE IF EXISTS $COPY WITH (FORCE)" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
        -c "CREATE DATABASE $DB"
    psql_at "$DB_URI" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgstattuple;
CREATE FUNCTION make_orders(name text) RETURNS void LANGUAGE plpgsql AS \$\$
BEGIN
  EXECUTE format(\$f\$
    CREATE TABLE %1\$I (
      id bigserial PRIMARY KEY, customer_id int, tenant_id int, status text, kind text, created_at timestamptz,
      total numeric(12,2), email text, ref uuid, note text, shipped bool, score int)
      WITH (autovacuum_enabled = off);
    CREATE INDEX %1\$s_customer ON %1\$I (customer_id);
    CREATE INDEX %1\$s_tenant ON %1\$I (tenant_id);
    CREATE INDEX %1\$s_status ON %1\$I (status);
    CREATE INDEX %1\$s_kind ON %1\$I (kind);
    CREATE INDEX %1\$s_created ON %1\$I (created_at);
    CREATE INDEX %1\$s_total ON %1\$I (total);
    CREATE UNIQUE INDEX %1\$s_email ON %1\$I (email);
    CREATE INDEX %1\$s_ref ON %1\$I (ref);
    CREATE INDEX %1\$s_note ON %1\$I (note);
    CREATE INDEX %1\$s_shipped ON %1\$I (shipped);
    CREATE INDEX %1\$s_tenant_status ON %1\$I (tenant_id, status);
    CREATE INDEX %1\$s_customer_created ON %1\$I (customer_id, created_at);
    CREATE INDEX %1\$s_status_incl ON %1\$I (status) INCLUDE (total);
    CREATE INDEX %1\$s_score_ff70 ON %1\$I (score) WITH (fillfactor = 70);
    CREATE INDEX %1\$s_lower_email ON %1\$I (lower(email));
    CREATE INDEX %1\$s_open ON %1\$I (created_at) WHERE NOT shipped;
  \$f\$, name);
END \$\$;
CREATE FUNCTION fill_orders(name text, first bigint, count bigint) RETURNS void LANGUAGE plpgsql AS \$\$
BEGIN
  EXECUTE format(\$f\$
    INSERT INTO %1\$I (customer_id, tenant_id, status, kind, created_at, total, email, ref, note, shipped, score)
    SELECT (hashint8(g) & 65535) %% 20000, g %% 40,
           (ARRAY['new','paid','shipped','delivered','returned'])[1 + (hashint8(g + 1) & 65535) %% 5],
           'kind-' || ((hashint8(g + 2) & 65535) %% 300),
           timestamptz '2024-01-01' + g * interval '13 seconds',
           ((hashint8(g + 3) & 65535) %% 500)::numeric + 0.99,
           'user' || g || '@' || (ARRAY['example.com','mail.example.org','x.io'])[1 + g %% 3],
           md5(g::text)::uuid,
           CASE WHEN g %% 5 = 0 THEN repeat(md5(g::text), 1 + g %% 3) END,
           g %% 10 <> 0,
           (hashint8(g + 4) & 65535) %% 1000
      FROM generate_series(%2\$s, %2\$s + %3\$s - 1) AS g
  \$f\$, name, first, count);
END \$\$;
SELECT make_orders(t) FROM unnest(ARRAY['fresh','deleted','aged','updated','churned']) AS t;
SELECT fill_orders(t, 1, $ROWS) FROM unnest(ARRAY['fresh','deleted','aged','updated','churned']) AS t;
DELETE FROM deleted WHERE hashint8(id + 9) % 2 = 0;
DELETE FROM aged WHERE id <= $ROWS * 6 / 10;
UPDATE updated SET status = status || '', score = score + 1 WHERE id % 2 = 0;
DELETE FROM churned WHERE hashint8(id + 7) % 2 = 0;
SELECT fill_orders('churned', $ROWS + 1, $ROWS / 2);
SQL
    psql_at "$DB_URI" -c "VACUUM ANALYZE"
}

existing="$(psql_at "$SERVER_URI" -Atc "SELECT count(*) FROM pg_database WHERE datname = '$DB'")"
if [[ "${KEEP:-0}" != 1 || "$existing" != 1 ]]; then build_database; fi

# idxscope's estimate (one row per btree index of 1 MiB or more).
"$BIN" indexes "$DB_URI" --format json \
    | jq -r '.indexes[] | select(.method == "btree" and .size_bytes >= 1048576 and .bloat_bytes != null)
             | [.schema, .name, .size_bytes, .bloat_bytes, .bloat_low_confidence] | @tsv' >"$WORK/estimates.tsv"
[[ -s "$WORK/estimates.tsv" ]] || { echo "bloat-accuracy: idxscope reported no estimate" >&2; exit 1; }

# pgstatindex's measure, as `indexes --exact-bloat` reports it (one run for every index).
exact_args=()
while IFS=$'\t' read -r schema name _; do exact_args+=(--exact-bloat "$schema.$name"); done <"$WORK/estimates.tsv"
"$BIN" indexes "$DB_URI" --format json "${exact_args[@]}" \
    | jq -r '.indexes[] | select(.bloat_exact) | [.schema + "." + .name, .bloat_bytes] | @tsv' | sort >"$WORK/exact.tsv"

# What REINDEX frees, index by index, in a copy (the original stays as it was for the next binary).
psql_at "$SERVER_URI" -c "DROP DATABASE IF EXISTS $COPY WITH (FORCE)" -c "CREATE DATABASE $COPY TEMPLATE $DB"
cut -f1,2 "$WORK/estimates.tsv" | while IFS=$'\t' read -r schema name; do
    printf 'SELECT %s, %s, pg_relation_size(%s), (SELECT avg_leaf_density FROM pgstatindex(%s));\n' \
        "'$schema'" "'$name'" "'\"$schema\".\"$name\"'" "'\"$schema\".\"$name\"'"
    printf 'REINDEX INDEX "%s"."%s";\n' "$schema" "$name"
    printf 'SELECT pg_relation_size(%s);\n' "'\"$schema\".\"$name\"'"
done >"$WORK/reindex.sql"
psql_at "$COPY_URI" -At -F $'\t' -f "$WORK/reindex.sql" | paste - - >"$WORK/freed.tsv"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$WORK"; psql "$SERVER_URI" -X -q -c "DROP DATABASE IF EXISTS $COPY WITH (FORCE)" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

printf '%-30s %9s %9s %7s %7s %7s %8s %7s %s\n' index size after est% freed% error pgstat% error low_conf
join -t $'\t' <(awk -F'\t' '{print $1"."$2"\t"$3"\t"$4"\t"$5}' "$WORK/estimates.tsv" | sort) \
              <(awk -F'\t' '{print $1"."$2"\t"$3"\t"$4"\t"$5}' "$WORK/freed.tsv" | sort) \
  | join -t $'\t' - "$WORK/exact.tsv" \
  | awk -F'\t' '
      { size = $2; est = 100 * $3 / size; before = $5; after = $7; freed = 100 * (before - after) / before
        exact = 100 * $8 / size; exact_err = exact - freed; abs_exact = exact_err < 0 ? -exact_err : exact_err
        exact_sum += abs_exact; if (abs_exact > 15) exact_off++
        err = est - freed; abs_err = err < 0 ? -err : err; n++; sum += abs_err
        if (abs_err > 15) { off++; if ($4 == "true") off_low++ ; if (err < 0) under++ }
        if ($4 == "true") low++
        printf "%-30s %9d %9d %6.1f%% %6.1f%% %+6.1f %7.1f%% %+6.1f %s\n", $1, before, after, est, freed, err, exact, exact_err, $4 }
      END { printf "\n%d btree indexes >= 1 MiB: estimate mean |error| %.1f points; %d off by > 15 points (%d under-estimated), %d of them marked low confidence; %d marked low confidence in all\n",
                   n, sum / n, off, under, off_low, low
            printf "pgstatindex (--exact-bloat) against the same REINDEX: mean |error| %.1f points; %d off by > 15 points\n", exact_sum / n, exact_off }'
