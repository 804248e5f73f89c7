# Two commands do all set-up on a fresh Debian 12 machine (as root):
#   make run    installs what is missing, builds in release mode, opens the TUI on the demo database
#   make test   installs what the tests need, starts a throwaway PostgreSQL 15, runs every test
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: run build release test bench clean

run: release
	./.build/release/idxscope

release:
	bash scripts/install-deps.sh
	swift build -c release

build:
	bash scripts/install-deps.sh
	swift build

test:
	bash scripts/test.sh

bench: release
	bash scripts/bench-sqlite.sh
	bash scripts/bench-postgres.sh

clean:
	rm -rf .build
