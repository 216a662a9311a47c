# SPDX-License-Identifier: GPL-2.0
# Harness for the OOM reaper series.  Every target is a stage that can run
# alone; "run" and "test" chain them.  See README.md and docs/stages.md.
#
#   make run            build the patched kernel, boot it, OOM several
#                       memcgs at once, print the reaper's timeline
#   make test           every selftest in the guest + static checks,
#                       ending in "N passed, N failed, N skipped"
#   make bench          base vs patched kernel, same scenarios, one run
#   make mmtests        the kernel's own mm selftests, base vs patched
#   make fragment-check the selftests' config fragment alone is enough
#   make soak           SOAK seconds (default 180) of memcgs OOMing at once
#                       with stress-ng and stuck victims; fails on a hang,
#                       a splat, a harmed control process, a stray kill
#   make robot          build, without booting, every patch in turn and the
#                       series in a config matrix (x86_64, i386, arm64, clang,
#                       RT, Debian's config): build/robot/<date>/report.md
#   make test-arm64     make test's guest suite on arm64 kernels (default and
#                       debug) under qemu-system-aarch64 -M virt -cpu max;
#                       the same as make test ARCH=arm64 (docs/arm64.md)
#   make kcsan          the guest suite on a KCSAN kernel; each data-race
#                       report sorted as the series' or the base's
#   make kselftest      oom_reaper_test through the kselftest framework, from
#                       a kselftest-install tree (run_kselftest.sh)
#   DEBUG=1             use the debug build (lockdep, KASAN, DEBUG_VM)
#   ACCEL=kvm           boot with KVM instead of TCG (not on these hosts)
#   ARCH=arm64          any stage (tree, build, boot, test...) on arm64

SHELL := /bin/bash
H := harness

.PHONY: all help deps tree export config build selftests initramfs boot shell \
	run test test-arm64 kcsan kselftest checks trace bench soak mutants mmtests fragment-check robot clean

all: help

help:
	@sed -n '2,28p' Makefile | sed 's/^# \{0,1\}//'

# With ARCH=arm64 (on make's command line, which exports it to every
# stage) the arm64 set too: cross compiler, QEMU, busybox-static:arm64.
deps:
	@$(H)/deps.sh
	@[ "$(ARCH)" != arm64 ] && [ "$(ARCH)" != aarch64 ] || $(H)/deps.sh arm64

tree: deps
	@$(H)/tree.sh

export:
	@$(H)/export.sh

config: tree
	@$(H)/build.sh config

build: tree
	@$(H)/build.sh

selftests:
	@$(H)/selftests.sh

initramfs:
	@$(H)/initramfs.sh

# boot JOB=...: boot what is built and run one guest job (test, run, shell...)
boot:
	@$(H)/boot.sh $(or $(JOB),test)

run:
	@$(H)/run.sh

test:
	@$(H)/test.sh

# test-arm64: make test ARCH=arm64 (the guest suite, no static checks)
test-arm64:
	@ARCH=arm64 $(H)/test.sh

checks:
	@$(H)/checks.sh

# bench [RUNS=n]: base vs patched, every scenario, results in build/bench/
bench:
	@$(H)/bench.sh

# mutants [ONLY_MUTANT=i]: each policy patch dropped in turn must make its
# selftests fail; results in build/mutants/<date>/ (not part of make test)
mutants:
	@$(H)/mutants.sh

# soak [SOAK=secs] [NOBUILD=1]: memcgs OOMing for SOAK seconds, results in
# build/soak/<date>/ (NOBUILD=1: boot what is built, build nothing)
soak:
	@SOAK=$(or $(SOAK),180) $(H)/soak.sh

# mmtests [MMCATS="a b"] [MMTIMEOUT=secs] [NOBUILD=1]: the kernel's own mm
# selftests (run_vmtests.sh) on the pure base and on the series, results
# and report in build/mmtests/<date>/ (not part of make test: it is long)
mmtests:
	@$(H)/mmtests.sh

# fragment-check [FRAGMENT_EXTRA=file]: tinyconfig + config/boot.config +
# only tools/testing/selftests/mm/config, then oom_reaper_test: no option
# may be missing, no case may skip; results in build/fragment-check/<date>/
fragment-check:
	@$(H)/fragmentcheck.sh

# robot [ROBOT_ONLY="bisect no-MEMCG ..."] [ROBOT_OBJS_ONLY=0]: what a kernel
# test robot builds, no boot; rows and options in harness/robot.sh, results
# in build/robot/<date>/ (not part of make test: it takes hours)
robot:
	@$(H)/deps.sh && $(H)/deps.sh robot && $(H)/robot.sh

# kcsan: the test config + config/kcsan.config in build/obj-kcsan, the
# guest suite on it, build/kcsan/<date>/report.md (harness/kcsanreport.py);
# fails on a report in a function the series changes (not in make test)
kcsan:
	@$(H)/kcsan.sh

# kselftest: make -C tools/testing/selftests TARGETS=mm install, then the
# guest runs run_kselftest.sh -t mm:run_vmtests.sh with
# VM_SELFTEST_ITEMS=oom_reaper; build/kselftest/<date>/ (not in make test)
kselftest:
	@$(H)/kselftest.sh

# trace T=dir: the timeline of a guest run's trace (default: the last make
# run), printed and drawn into dir/timeline.png
trace:
	@d=$(or $(T),build/logs/latest-run); python3 $(H)/timeline.py --png $$d/timeline.png $$d/trace $$d/victims

clean:
	rm -rf build/obj-* build/logs
