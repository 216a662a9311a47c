# SPDX-License-Identifier: GPL-2.0
# Harness for the OOM reaper series.  Every target is a stage that can run
# alone; "run" and "test" chain them.  See README.md and docs/stages.md.
# "make help" lists the targets, each from the "##" lines right above it,
# and these variables:
#
#   DEBUG=1             use the debug build (lockdep, KASAN, DEBUG_VM)
#   ACCEL=kvm           boot with KVM instead of TCG (not on these hosts)
#   ARCH=arm64          any stage (tree, build, boot, test...) on arm64

SHELL := /bin/bash
H := harness

.PHONY: all help deps tree export config build selftests initramfs boot \
	run test test-arm64 kcsan kselftest checks trace bench soak mutants mmtests fragment-check robot clean

## the default: make help
all: help

## this list: every target, from the "##" lines right above it
help:
	@echo "Targets (README.md, docs/stages.md):"
	@awk '/^## / { h = h (h != "" ? "\n                  " : "") substr($$0, 4); next } \
	     /^[a-z0-9-]+:/ && h != "" { split($$0, t, ":"); printf "  %-16s%s\n", t[1], h } \
	     { h = "" }' $(firstword $(MAKEFILE_LIST))
	@echo "Variables:"
	@sed -n 's/^#   \([A-Z]\)/  \1/p' $(firstword $(MAKEFILE_LIST))

# With ARCH=arm64 (on make's command line, which exports it to every
# stage) the arm64 set too: cross compiler, QEMU, busybox-static:arm64.
## install what is missing from Debian's packages (ARCH=arm64: the arm64 set too)
deps:
	@$(H)/deps.sh
	@[ "$(ARCH)" != arm64 ] && [ "$(ARCH)" != aarch64 ] || $(H)/deps.sh arm64

## build/linux: a git tree of the base with the series as commits (FORCE=1 resets it)
tree: deps
	@$(H)/tree.sh

## write the tree's commits back to patches/ and the cover letter
export:
	@$(H)/export.sh

## the kernel's .config: tinyconfig + the fragments, every option checked
config: tree
	@$(H)/build.sh config

## build the patched kernel (DEBUG=1: the debug build)
build: tree
	@$(H)/build.sh

## the selftests the guest runs, static
selftests:
	@$(H)/selftests.sh

## busybox, guest/, the selftests and the modules in one initramfs
initramfs:
	@$(H)/initramfs.sh

## boot what is built and run one guest job: JOB=test (default), run, shell...
boot:
	@$(H)/boot.sh $(or $(JOB),test)

## build the patched kernel, boot it, OOM several memcgs at once, print the reaper's timeline
run:
	@$(H)/run.sh

## every selftest in the guest, on the default and debug kernels and on arm64, the static checks
## and the harness' tests; ends in "N passed, N failed, N skipped"
test:
	@$(H)/test.sh

## make test's guest suite on arm64 kernels (default and debug), no static checks
test-arm64:
	@ARCH=arm64 $(H)/test.sh

## checkpatch, sparse and coccinelle on the series, its presentation, the harness' own tests
checks:
	@$(H)/checks.sh

## base against patched, every scenario [RUNS=n EXIT_RUNS=n BENCH_ONLY=...]: build/bench/<date>/
bench:
	@$(H)/bench.sh

# mutants [ONLY_MUTANT=i]: each policy patch dropped in turn must make its
# selftests fail; results in build/mutants/<date>/ (not part of make test)
## each policy patch dropped, its selftests must fail [ONLY_MUTANT=i]: build/mutants/<date>/
mutants:
	@$(H)/mutants.sh

# soak [SOAK=secs] [NOBUILD=1]: memcgs OOMing for SOAK seconds, results in
# build/soak/<date>/ (NOBUILD=1: boot what is built, build nothing)
## memcgs OOMing for SOAK seconds (default 180) [NOBUILD=1]: build/soak/<date>/
soak:
	@SOAK=$(or $(SOAK),180) $(H)/soak.sh

# mmtests [MMCATS="a b"] [MMTIMEOUT=secs] [NOBUILD=1]: the kernel's own mm
# selftests (run_vmtests.sh) on the pure base and on the series, results
# and report in build/mmtests/<date>/ (not part of make test: it is long)
## the kernel's own mm selftests, base against the series: build/mmtests/<date>/
mmtests:
	@$(H)/mmtests.sh

# fragment-check [FRAGMENT_EXTRA=file]: tinyconfig + config/boot.config +
# only tools/testing/selftests/mm/config, then oom_reaper_test: no option
# may be missing, no case may skip; results in build/fragment-check/<date>/
## the selftests' config fragment alone is enough: build/fragment-check/<date>/
fragment-check:
	@$(H)/fragmentcheck.sh

# robot [ROBOT_ONLY="bisect no-MEMCG ..."] [ROBOT_OBJS_ONLY=0]: what a kernel
# test robot builds, no boot; rows and options in harness/robot.sh, results
# in build/robot/<date>/ (not part of make test: it takes hours)
## what a kernel test robot builds, no boot [ROBOT_ONLY=...]: build/robot/<date>/
robot:
	@$(H)/deps.sh && $(H)/deps.sh robot && $(H)/robot.sh

# kcsan: the test config + config/kcsan.config in build/obj-kcsan, the
# guest suite on it, build/kcsan/<date>/report.md (harness/kcsanreport.py);
# fails on a report in a function the series changes (not in make test)
## the guest suite on a KCSAN kernel, each report sorted: build/kcsan/<date>/
kcsan:
	@$(H)/kcsan.sh

# kselftest: make -C tools/testing/selftests TARGETS=mm install, then the
# guest runs run_kselftest.sh -t mm:run_vmtests.sh with
# VM_SELFTEST_ITEMS=oom_reaper; build/kselftest/<date>/ (not in make test)
## oom_reaper_test through the kselftest framework: build/kselftest/<date>/
kselftest:
	@$(H)/kselftest.sh

# trace T=dir: the timeline of a guest run's trace (default: the last make
# run), printed and drawn into dir/timeline.png
## the timeline of a guest run's trace [T=dir], printed and drawn
trace:
	@d=$(or $(T),build/logs/latest-run); python3 $(H)/timeline.py --png $$d/timeline.png $$d/trace $$d/victims

## remove the objects and the logs
clean:
	rm -rf build/obj-* build/logs
