#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for idxscope's tests and benchmarks.
#   scripts/pg-test-server.sh start   # installs packages if missing, starts (idempotent), prints the URI
#   scripts/pg-test-server.sh stop    # stops the cluster and removes its directory
#   scripts/pg-test-server.sh uri     # prints postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-test-server.sh standby-uri  # a hot standby of it on PORT+1 (written to BASE/standby.uri)
# Port: IDXSCOPE_PG_PORT (default 54329, never the packaged cluster's 5432).
# Also creates role idxscope_pw (password IDXSCOPE_PG_TEST_PASSWORD, default "s3cret-pw") that must
# authenticate with a password, so wrong-password tests hit real authentication.
set -euo pipefail

PORT="${IDXSCOPE_PG_PORT:-54329}"
PG_BIN=/usr/lib/postgresql/15/bin
BASE="/tmp/idxscope-pg-${PORT}"
DATA="$BASE/data"
LOG="$BASE/server.log"
STANDBY_PORT=$((PORT + 1))
STANDBY_DATA="$BASE/standby"
STANDBY_LOG="$BASE/standby.log"
PASSWORD_ROLE=idxscope_pw
PASSWORD="${IDXSCOPE_PG_TEST_PASSWORD:-s3cret-pw}"
START_DEADLINE_SECONDS=30

uri() { echo "postgresql://postgres@127.0.0.1:${PORT}/postgres"; }
standby_uri() { echo "postgresql://postgres@127.0.0.1:${STANDBY_PORT}/postgres"; }

as_postgres() { runuser -u postgres -- "$@"; }

psql_admin() {
    as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$BASE" -p "$PORT" -U postgres -d postgres "$@"
}

install_packages() {
    [[ -x "$PG_BIN/initdb" && -f /usr/share/postgresql/15/extension/hypopg.control \
       && -f /usr/share/postgresql/15/extension/pgstattuple.control ]] && return 0
    [[ $(id -u) -eq 0 ]] || { echo "pg-test-server: postgresql-15 is missing and only root can install it" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    # apt-get update only when the package lists do not know the packages yet.
    if ! apt-cache show postgresql-15-hypopg >/dev/null 2>&1; then apt-get update -qq; fi
    apt-get install -y -qq postgresql-15 postgresql-15-hypopg >/dev/null
}

fail_with_log() {
    echo "pg-test-server: $1" >&2
    [[ -f "$LOG" ]] && { echo "--- $LOG ---" >&2; tail -n 50 "$LOG" >&2; }
    exit 1
}

is_running() { [[ -d "${1:-$DATA}" ]] && as_postgres "$PG_BIN/pg_ctl" -D "${1:-$DATA}" status >/dev/null 2>&1; }

wait_ready() {  # port, log
    local deadline=$((SECONDS + START_DEADLINE_SECONDS))
    until as_postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1"; do
        ((SECONDS < deadline)) || { LOG="$2"; fail_with_log "port $1 not accepting connections after ${START_DEADLINE_SECONDS}s"; }
        sleep 0.1
    done
}

# A hot standby streaming from the primary, so replica handling is tested for real.
start_standby() {
    is_running "$STANDBY_DATA" && return 0
    if [[ ! -f "$STANDBY_DATA/PG_VERSION" ]]; then
        rm -rf "$STANDBY_DATA"
        as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$STANDBY_DATA" -R -X stream --checkpoint=fast \
            >"$BASE/basebackup.log" 2>&1 || { cat "$BASE/basebackup.log" >&2; fail_with_log "pg_basebackup failed"; }
    fi
    as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -l "$STANDBY_LOG" -w -t "$START_DEADLINE_SECONDS" \
        -o "-p $STANDBY_PORT -k $BASE -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c fsync=off" \
        start >/dev/null || { LOG="$STANDBY_LOG"; fail_with_log "standby did not start within ${START_DEADLINE_SECONDS}s"; }
    wait_ready "$STANDBY_PORT" "$STANDBY_LOG"
    standby_uri >"$BASE/standby.uri"
}

start() {
    install_packages
    if is_running; then start_standby; uri; return 0; fi
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        rm -rf "$BASE"
        mkdir -p "$BASE"
        chown postgres:postgres "$BASE"
        chmod 700 "$BASE"
        as_postgres "$PG_BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N >"$BASE/initdb.log" 2>&1 \
            || { cat "$BASE/initdb.log" >&2; fail_with_log "initdb failed"; }
        # Password role first (pg_hba is read top-down): scram on loopback; trust stays for postgres.
        local hba="$DATA/pg_hba.conf"
        { echo "host all ${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256"
          echo "host all ${PASSWORD_ROLE} ::1/128 scram-sha-256"
          cat "$hba"; } >"$hba.new"
        mv "$hba.new" "$hba"
        chown postgres:postgres "$hba"
    fi
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t "$START_DEADLINE_SECONDS" \
        -o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c fsync=off" \
        start >/dev/null || fail_with_log "server did not start within ${START_DEADLINE_SECONDS}s"
    wait_ready "$PORT" "$LOG"
    psql_admin <<SQL || fail_with_log "setup SQL failed"
SET pg_stat_statements.track_utility = off;  -- keep the test password out of pg_stat_statements
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS pgstattuple;
CREATE EXTENSION IF NOT EXISTS hypopg;
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PASSWORD_ROLE}') THEN
    CREATE ROLE ${PASSWORD_ROLE} LOGIN;
  END IF;
END\$\$;
SET password_encryption = 'scram-sha-256';
ALTER ROLE ${PASSWORD_ROLE} PASSWORD '${PASSWORD}';
SQL
    start_standby
    uri
}

stop() {
    if is_running "$STANDBY_DATA"; then as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -m fast -w stop >/dev/null; fi
    if is_running; then as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
    rm -rf "$BASE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    uri) uri ;;
    standby-uri) standby_uri ;;
    *) echo "usage: $0 start|stop|uri|standby-uri" >&2; exit 2 ;;
esac
