# Thin wrapper over meson: the two commands of the README.
#
#   make demo    install missing packages, build, show a snapshot tree (svsh)
#   make check   install missing packages, build, run the whole test suite
#   make bench   build, run the snapshot scaling benchmark (BENCH_ARGS=...)
#
# BUILDDIR and MESON_OPTS select the build (the CI uses two of them).

BUILDDIR ?= build
MESON_OPTS ?=

.PHONY: all deps setup build demo check bench clean

all: build

deps:
	@./scripts/install-deps.sh

setup: deps
	@test -f $(BUILDDIR)/build.ninja || meson setup $(BUILDDIR) $(MESON_OPTS)

build: setup
	@ninja -C $(BUILDDIR)

# The demo is a short svsh session on the built-in test host (fed on
# standard input, so it reads like a terminal): a branching snapshot tree
# built by snapshots and reverts, then shown.  The C program
# examples/snapshot-tree.c builds alongside as an example of the API.
demo: build
	@./$(BUILDDIR)/tools/svsh -c test:///default < examples/snapshot-tree.svsh

check: build
	@meson test -C $(BUILDDIR) --print-errorlogs

# The snapshot scaling table of docs/performance.md (about 15 minutes;
# e.g. BENCH_ARGS="--n 1000,10000 --only snapvirt" for a quick run; the
# published table uses BUILDDIR=build-bench MESON_OPTS=--buildtype=release).
bench: build
	@./$(BUILDDIR)/bench/snapshot-scale-snapvirt $(BENCH_ARGS)

clean:
	rm -rf $(BUILDDIR)
