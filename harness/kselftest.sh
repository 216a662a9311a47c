#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make kselftest: oom_reaper_test run the way the kselftest framework runs
# it.  "make -C tools/testing/selftests TARGETS=mm install" (a
# kselftest-install tree, static binaries) into $OBJ/kselftest_install,
# put in the initramfs, and the guest job guest/kselftest.sh runs
# "run_kselftest.sh -t mm:run_vmtests.sh" with VM_SELFTEST_ITEMS=oom_reaper.
# Results in build/kselftest/<date>/ (output.txt, summary.txt).  Not part
# of make test: a second run of the suite.
#
# Debian's 6.12.118 tree does not build TARGETS=mm as it is: khugepaged.c
# uses KSFT_SKIP without including kselftest.h.  EXTRA_CFLAGS=-DKSFT_SKIP=4
# (the value kselftest.h gives it) stands in, for this build only.
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
OUT=$B/kselftest/$(date +%Y-%m-%d)
mkdir -p "$OUT"
guest_stages
KSI=$OBJ/kselftest_install
rm -rf "$KSI"
# O=: the objects go under $OBJ, not into the kernel tree (tree.sh would
# find it dirty).
stage kselftest-install run make -s -C "$TREE/tools/testing/selftests" TARGETS=mm -j"$JOBS" \
	O="$OBJ/kselftest_build" \
	CC="$TARGET_CC -static" KHDR_INCLUDES="-isystem $OBJ/usr/include" \
	EXTRA_CFLAGS="-DKSFT_SKIP=4" INSTALL_PATH="$KSI" install > "$OUT/install.log" 2>&1 ||
	die "kselftest-install failed: $OUT/install.log"
KSELFTEST_INSTALL=$KSI stage initramfs "$H/initramfs.sh"
export LOGDIR=$B/logs/kselftest-$(date +%Y%m%d-%H%M%S)
rc=0
BOOT_TIMEOUT=${BOOT_TIMEOUT:-2400} stage boot "$H/boot.sh" kselftest.sh || rc=1
[ -f "$LOGDIR/kselftest" ] || die "no output came back from the guest ($LOGDIR)"
cp "$LOGDIR/kselftest" "$OUT/output.txt"
# oom_reaper_test's own results, two levels down in run_kselftest.sh's
# and run_vmtests.sh's "# " prefixes.
{
	echo "make kselftest, $(date '+%Y-%m-%d %H:%M'), $(basename "$OBJ")"
	echo "cases passed: $(grep -c '^# # ok [0-9]* [a-z_.]*$' "$OUT/output.txt")"
	echo "cases skipped: $(grep -c '^# # ok [0-9]* .* # SKIP' "$OUT/output.txt")"
	echo "cases failed: $(grep -c '^# # not ok [0-9]* ' "$OUT/output.txt")"
	grep '^# # ok [0-9]* .* # SKIP' "$OUT/output.txt" | sed 's/^# # /skipped: /'
	grep '^ok \|^not ok ' "$OUT/output.txt" | sed 's/^/framework: /'
} > "$OUT/summary.txt"
cat "$OUT/summary.txt"
grep -q '^ok [0-9]* selftests: mm: run_vmtests.sh' "$OUT/output.txt" || rc=1
exit $rc
