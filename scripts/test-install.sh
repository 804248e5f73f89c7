#!/usr/bin/env bash
# `make install` into a temporary DESTDIR, then what a DBA gets checked: the files where the README
# says, a binary with the Swift runtime linked in (only system libraries left), --version with the
# commit, themes found next to the installed binary, a man page, completions, and the demo's
# "try: idxscope x.db" run as printed (in tmux). Prints how long the install took.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

STAGE="$(mktemp -d /tmp/idxscope-install-XXXXXX)"
TMUX_SOCKET="$STAGE/tmux.sock"
cleanup() { tmux -S "$TMUX_SOCKET" kill-server 2>/dev/null || true; rm -rf "$STAGE"; }
trap cleanup EXIT
fail() { echo "test-install: $*" >&2; exit 1; }

PREFIX=/usr/local
ROOT="$STAGE/root"
started=$SECONDS
make --no-print-directory install DESTDIR="$ROOT" PREFIX="$PREFIX" >"$STAGE/install.log" 2>&1 \
    || { tail -n 30 "$STAGE/install.log" >&2; fail "make install failed"; }
echo "make install: $((SECONDS - started)) s"

BIN="$ROOT$PREFIX/bin/idxscope"
for file in bin/idxscope share/idxscope/themes/dark.theme share/idxscope/themes/light.theme \
            share/man/man1/idxscope.1 share/bash-completion/completions/idxscope \
            share/zsh/site-functions/_idxscope share/fish/vendor_completions.d/idxscope.fish; do
    [[ -s "$ROOT$PREFIX/$file" ]] || fail "missing $PREFIX/$file"
done

# Only the system's libraries: libc (with libm and the loader), GCC's C++ runtime that the Swift
# runtime uses (libstdc++, libgcc_s: on every Debian system, apt needs them), SQLite, libpq and
# ncursesw (with its libtinfo). No libswift*, Foundation or dispatch library.
allowed='^(libc\.so\.6|libm\.so\.6|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libsqlite3\.so\.0|libpq\.so\.5|libncursesw\.so\.6|libtinfo\.so\.6)$'
needed=$(readelf -d "$BIN" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
echo "linked: $(echo $needed)"
unexpected=$(echo "$needed" | grep -Ev "$allowed" || true)
[[ -z "$unexpected" ]] || fail "unexpected shared libraries: $unexpected"
! ldd "$BIN" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime' || fail "Swift runtime linked dynamically"

version=$("$BIN" --version)
echo "$version"
grep -q "^idxscope .* (commit $(git rev-parse --short HEAD)" <<<"$version" || fail "--version does not name the commit: $version"
grep -q "SQLite 3\..*, libpq 1" <<<"$version" || fail "--version lacks the library versions: $version"

# The installed themes directory is searched: a theme only there resolves (then the missing
# terminal is the error), one that exists nowhere does not.
cp "$ROOT$PREFIX/share/idxscope/themes/light.theme" "$ROOT$PREFIX/share/idxscope/themes/only-installed.theme"
out=$("$BIN" --theme only-installed "$STAGE/none.db" </dev/null 2>&1 || true)
grep -q "no terminal" <<<"$out" || fail "installed theme not found: $out"
out=$("$BIN" --theme nowhere "$STAGE/none.db" </dev/null 2>&1 || true)
grep -q "unknown theme 'nowhere'" <<<"$out" || fail "unknown theme accepted: $out"

MANWIDTH=80 man -l "$ROOT$PREFIX/share/man/man1/idxscope.1" 2>"$STAGE/man.err" | grep -q "idxscope" || fail "man page does not render"
[[ ! -s "$STAGE/man.err" ]] || fail "man page warnings: $(cat "$STAGE/man.err")"
bash -n "$ROOT$PREFIX/share/bash-completion/completions/idxscope" || fail "bash completion is not valid bash"
grep -q "indexes" "$ROOT$PREFIX/share/fish/vendor_completions.d/idxscope.fish" || fail "fish completion lacks the commands"

# The demo's advice, run exactly as printed, with the installed binary first on PATH.
mkdir "$STAGE/work"
cd "$STAGE/work"
printed=$(PATH="$ROOT$PREFIX/bin:$PATH" idxscope demo x.db)
advice=$(sed -n 's/^try: \(idxscope [^ ]*\) .*/\1/p' <<<"$printed")
[[ "$advice" == "idxscope x.db" ]] || fail "demo printed: $printed"
printf 'set -g status off\nset -g remain-on-exit on\n' >"$STAGE/tmux.conf"
tmux -S "$TMUX_SOCKET" -f "$STAGE/tmux.conf" new-session -d -x 120 -y 30 -s install \
    "env PATH='$ROOT$PREFIX/bin:$PATH' HOME='$STAGE' TERM=xterm-256color LANG=C.UTF-8 $advice; echo EXITED \$?; sleep 30"
deadline=$((SECONDS + 20)); screen=""
until grep -q "F1 Help" <<<"$screen"; do
    ((SECONDS < deadline)) || fail "the TUI did not show the index list; last screen:"$'\n'"$screen"
    sleep 0.2; screen=$(tmux -S "$TMUX_SOCKET" capture-pane -p -t install)
done
grep -q "idx_job" <<<"$screen" || fail "no demo indexes on screen:"$'\n'"$screen"
tmux -S "$TMUX_SOCKET" send-keys -t install q
deadline=$((SECONDS + 10))
until grep -q "EXITED 0" <<<"$screen"; do
    ((SECONDS < deadline)) || fail "the TUI did not quit; last screen:"$'\n'"$screen"
    sleep 0.2; screen=$(tmux -S "$TMUX_SOCKET" capture-pane -p -t install)
done
echo "test-install: ok ($((SECONDS - started)) s in all)"
