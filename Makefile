# Two commands do all set-up on a fresh Debian 12 machine (as root):
#   make run    installs what is missing, builds in release mode, opens the TUI on the demo database
#   make test   installs what the tests need, starts a throwaway PostgreSQL 15, runs every test
# Installing (PREFIX defaults to /usr/local; DESTDIR stages into another root):
#   make install [PREFIX=/usr/local] [DESTDIR=]   binary, themes, man page, bash/zsh/fish completions
#   make uninstall [PREFIX=…] [DESTDIR=]
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share
THEMEDIR := $(SHAREDIR)/idxscope/themes
MANDIR := $(SHAREDIR)/man/man1
BASHDIR := $(SHAREDIR)/bash-completion/completions
ZSHDIR := $(SHAREDIR)/zsh/site-functions
FISHDIR := $(SHAREDIR)/fish/vendor_completions.d

# One set of flags for every release product: other flags would rebuild everything. The Swift
# runtime is linked statically, so the binary runs on a server without a Swift toolchain.
RELEASE := swift build -c release --static-swift-stdlib
BUILT := .build/release
COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)

.PHONY: run build release build-commit install uninstall test test-install bench clean

run: release
	./$(BUILT)/idxscope

# --version names the commit: written only when it changed, and the one C file that reads it recompiled.
build-commit:
	@header='#define IDXSCOPE_COMMIT "$(COMMIT)"'; \
	if [ "$$(cat Sources/CBuildInfo/build_commit.h 2>/dev/null)" != "$$header" ]; then \
		echo "$$header" > Sources/CBuildInfo/build_commit.h; touch Sources/CBuildInfo/build_info.c; fi

release: build-commit
	bash scripts/install-deps.sh
	$(RELEASE) --product idxscope

build:
	bash scripts/install-deps.sh
	swift build

install: release
	$(RELEASE) --product generate-manual
	install -d $(BINDIR) $(THEMEDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BUILT)/idxscope $(BINDIR)/idxscope
	install -m 644 themes/*.theme $(THEMEDIR)/
	mkdir -p $(BUILT)/manual
	$(BUILT)/generate-manual $(BUILT)/idxscope --output-directory $(BUILT)/manual >/dev/null
	# mdoc wants .Pp, not an empty line, between the paragraphs of the help text.
	sed 's/^$$/.Pp/' $(BUILT)/manual/idxscope.1 > $(MANDIR)/idxscope.1
	chmod 644 $(MANDIR)/idxscope.1
	$(BUILT)/idxscope --generate-completion-script bash > $(BASHDIR)/idxscope
	$(BUILT)/idxscope --generate-completion-script zsh > $(ZSHDIR)/_idxscope
	$(BUILT)/idxscope --generate-completion-script fish > $(FISHDIR)/idxscope.fish
	@echo "installed idxscope $(COMMIT) under $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(BINDIR)/idxscope $(MANDIR)/idxscope.1 $(BASHDIR)/idxscope $(ZSHDIR)/_idxscope $(FISHDIR)/idxscope.fish
	rm -rf $(SHAREDIR)/idxscope

test:
	bash scripts/test.sh

# make install into a temporary DESTDIR, then the installed files checked (scripts/test-install.sh).
test-install:
	bash scripts/test-install.sh

bench: release
	bash scripts/bench-sqlite.sh
	bash scripts/bench-postgres.sh

clean:
	rm -rf .build
