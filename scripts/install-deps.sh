#!/usr/bin/env bash
# Installs what idxscope needs on Debian 12 (as root), skipping what is already there.
# Build: swift (preinstalled at /opt/swift), libsqlite3-dev, libpq-dev, libncurses-dev.
# Tests and benchmarks: tmux, sqlite3, sqlite3-tools, postgresql-15 with hypopg, hyperfine.
set -euo pipefail
packages=(libsqlite3-dev libpq-dev libncurses-dev)
if [ "${1:-}" = "--test" ]; then
  packages+=(tmux sqlite3 sqlite3-tools postgresql-15 postgresql-contrib postgresql-15-hypopg hyperfine locales)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || [ -x /opt/swift/usr/bin/swift ] || {
  echo "idxscope: swift not found (expected on PATH or at /opt/swift/usr/bin)" >&2
  exit 1
}
