#!/usr/bin/env bash
# The TUI's speed figures (issue 3, "Speed"), all from release builds in one run:
#   1. render: a filter keystroke and a page scroll with 10,000 synthetic indexes
#      (reducer + render into the in-memory Screen; idxscope-bench)          target <= 16 ms
#   2. resident memory of the real TUI on PostgreSQL with 10,000 indexes   target <= 50 MiB
#   3. time to first paint on a >= 1 GiB SQLite file, and when sizes follow  target <= 150 ms
#
#   scripts/bench-tui.sh [SQLITE_FILE]
# SQLITE_FILE defaults to bench-data/bench-1gib.db (scripts/bench-sqlite.sh --create-only builds it).
# Needs tmux, python3 and the test server (started here via scripts/pg-test-server.sh); the
# 10,000-index database idxscope_bench is created once, exactly as scripts/bench-postgres.sh does.
# BENCH_RUNS (default 7): first-paint runs.
set -euo pipefail
cd "$(dirname "$0")/.."

SQLITE_FILE="${1:-bench-data/bench-1gib.db}"
RUNS="${BENCH_RUNS:-7}"
DEADLINE_SECONDS=30
WORK="$(mktemp -d)"
SOCKET="$WORK/tmux.sock"
cleanup() { tmux -S "$SOCKET" kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

command -v tmux >/dev/null || { echo "bench-tui: tmux is missing (apt-get install tmux)" >&2; exit 2; }
[[ -f "$SQLITE_FILE" ]] || { echo "bench-tui: $SQLITE_FILE missing (scripts/bench-sqlite.sh --create-only, or pass a path)" >&2; exit 2; }
size_bytes="$(stat -c %s "$SQLITE_FILE")"
((size_bytes >= 1 << 30)) || { echo "bench-tui: $SQLITE_FILE is under 1 GiB" >&2; exit 2; }

swift build -c release --product idxscope >&2
swift build -c release --product idxscope-bench >&2
BIN_DIR="$(swift build -c release --show-bin-path)"

# --- 1. render ------------------------------------------------------------------------------
echo "== render (10,000 synthetic indexes, reducer + render into the in-memory screen)" >&2
"$BIN_DIR/idxscope-bench" 10000 30 | tee "$WORK/render.txt"

# --- 2. memory on PostgreSQL ----------------------------------------------------------------
SERVER_URI="$(scripts/pg-test-server.sh start)"
DB=idxscope_bench
BENCH_URI="${SERVER_URI%/*}/$DB"
psql_server() { psql "$SERVER_URI" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_bench() { psql "$BENCH_URI" -X -q -v ON_ERROR_STOP=1 "$@"; }
count_public_indexes() {
    psql_bench -Atc "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
}
existing=0
[[ "$(psql_server -Atc "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" == 1 ]] && existing="$(count_public_indexes)"
if [[ "$existing" != 10000 ]]; then
    # The same database as scripts/bench-postgres.sh: 1,000 tables x 10 single-column indexes.
    echo "bench-tui: creating $DB (1,000 tables x 10 indexes)..." >&2
    psql_server -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    psql_bench <<'SQL'
CREATE EXTENSION pg_stat_statements;
DO $$
DECLARE
  columns text := (SELECT string_agg(format('c%s int', c), ', ') FROM generate_series(1, 10) AS c);
  values_ text := (SELECT string_agg(format('(g * %s) %% 997', c), ', ') FROM generate_series(1, 10) AS c);
BEGIN
  FOR t IN 1..1000 LOOP
    EXECUTE format('CREATE TABLE t%s (%s)', t, columns);
    EXECUTE format('INSERT INTO t%s SELECT %s FROM generate_series(1, 100) AS g', t, values_);
    FOR c IN 1..10 LOOP
      EXECUTE format('CREATE INDEX t%s_c%s ON t%s (c%s)', t, c, t, c);
    END LOOP;
  END LOOP;
END $$;
SQL
    psql_bench -c "VACUUM ANALYZE"
fi

# Shared by both tmux measurements: start a session running a command, poll its pane.
cat >"$WORK/pane.py" <<'PY'
import os, re, subprocess, sys, time

SOCKET = os.environ["BENCH_SOCKET"]

def tmux(*args):
    return subprocess.run(["tmux", "-S", SOCKET, *args], check=True, capture_output=True, text=True).stdout

def capture():
    return tmux("capture-pane", "-p")

def wait_for(predicate, deadline, what, interval=0.002):
    """Polls the pane until predicate(screen) holds; returns (wall-clock ns, screen)."""
    screen = ""
    while time.monotonic() < deadline:
        screen = capture()
        if predicate(screen):
            return time.time_ns(), screen
        time.sleep(interval)
    sys.exit(f"bench-tui: timed out waiting for {what}; the pane showed:\n{screen}")

def idxscope_pid():
    """The pane's process is sh (exec'ing idxscope) or idxscope; return idxscope's PID."""
    pane = int(tmux("list-panes", "-F", "#{pane_pid}").split()[0])
    for pid in [pane] + [int(p) for p in open(f"/proc/{pane}/task/{pane}/children").read().split()]:
        if open(f"/proc/{pid}/comm").read().strip() == "idxscope":
            return pid
    sys.exit(f"bench-tui: no idxscope process under pane {pane}")

def status_kb(pid, field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0

def start(command):
    # A server killed by the previous run may still hold the socket for a moment: retry, bounded.
    deadline = time.monotonic() + 5
    while True:
        try:
            return tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", command)
        except subprocess.CalledProcessError as error:
            if time.monotonic() > deadline:
                sys.exit(f"bench-tui: tmux new-session failed: {error.stderr.strip()}")
            time.sleep(0.05)

def stop():
    subprocess.run(["tmux", "-S", SOCKET, "kill-server"], capture_output=True)
PY

echo "== memory (real TUI, PostgreSQL, 10,000 indexes)" >&2
BENCH_SOCKET="$SOCKET" python3 - "$BIN_DIR/idxscope" "$BENCH_URI" "$DEADLINE_SECONDS" "$WORK" <<'PY' | tee "$WORK/memory.txt"
import re, shlex, sys, time
sys.path.insert(0, sys.argv[4])
from pane import *
binary, uri, deadline_seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
start(f"exec {shlex.quote(binary)} {shlex.quote(uri)}")
try:
    # Loaded: 10000 in the header, rows drawn, no spinner, and sizes plus bloat on the first row.
    row = re.compile(r"^\s+t1\s+t1_c1\s+c1\s+.*\d+(\.\d+)? KiB.*\d+(\.\d+)? (B|KiB)~", re.M)
    def loaded(screen):
        header = screen.splitlines()[0] if screen else ""
        return "10000 indexes" in header and "loading" not in header and row.search(screen) is not None
    wait_for(loaded, time.monotonic() + deadline_seconds, "the list with sizes and bloat", interval=0.05)
    pid = idxscope_pid()
    loaded_kb = status_kb(pid, "VmRSS")
    # Then three 5-second counter refreshes (each reloads the whole catalog): the peak.
    time_end = time.monotonic() + 16
    peak_kb = loaded_kb
    while time.monotonic() < time_end:
        peak_kb = max(peak_kb, status_kb(pid, "VmRSS"))
        time.sleep(0.1)
    after_kb, hwm_kb = status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM")
finally:
    stop()
mib = lambda kb: kb / 1024
print(f"VmRSS when loaded: {mib(loaded_kb):.1f} MiB; after 3 auto-refreshes: {mib(after_kb):.1f} MiB; "
      f"peak (VmHWM): {mib(hwm_kb):.1f} MiB  (target <= 50 MiB)")
PY

# --- 3. first paint on SQLite ----------------------------------------------------------------
first_index="$(sqlite3 "$SQLITE_FILE" "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY tbl_name, name LIMIT 1")"
echo "== first paint ($SQLITE_FILE, $((size_bytes >> 20)) MiB; $RUNS runs)" >&2
BENCH_SOCKET="$SOCKET" python3 - "$BIN_DIR/idxscope" "$SQLITE_FILE" "$first_index" "$RUNS" "$DEADLINE_SECONDS" "$WORK" <<'PY' | tee "$WORK/paint.txt"
import re, shlex, statistics, sys, time
sys.path.insert(0, sys.argv[6])
from pane import *
binary, path, first_index, runs, deadline_seconds, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
row = re.compile(r"^\s+\S+\s+" + re.escape(first_index) + r"\s", re.M)
paints, sizes, unsized_at_paint = [], [], 0
for run in range(runs):
    stamp = f"{work}/start-{run}"
    # The clock starts in the pane's shell right before it execs idxscope.
    start(f"date +%s%N >{shlex.quote(stamp)}; exec {shlex.quote(binary)} {shlex.quote(path)}")
    try:
        deadline = time.monotonic() + deadline_seconds
        painted_at, screen = wait_for(lambda s: row.search(s) is not None, deadline, f"the row of {first_index}")
        first_row = row.search(screen).group(0)
        line = next(l for l in screen.splitlines() if first_index in l)
        if "…" in line: unsized_at_paint += 1
        sized_at, _ = wait_for(lambda s: "loading sizes" not in s.splitlines()[0]
                               and "…" not in next((l for l in s.splitlines() if first_index in l), "…"),
                               deadline, "the sizes", interval=0.005)
        started = int(open(stamp).read())
    finally:
        stop()
    paints.append((painted_at - started) / 1e6)
    sizes.append((sized_at - started) / 1e6)
print(f"first paint: median {statistics.median(paints):.0f} ms (min {min(paints):.0f}, max {max(paints):.0f}) over {runs} runs"
      f"  (target <= 150 ms); sizes still loading at first paint in {unsized_at_paint}/{runs} runs")
print(f"sizes on screen: median {statistics.median(sizes):.0f} ms (min {min(sizes):.0f}, max {max(sizes):.0f})")
PY
