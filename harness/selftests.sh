#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the selftest binaries the guest runs, statically (the guest has no
# libc), with the kernel's own selftest Makefiles, into $OBJ/selftests;
# for ARCH=arm64 with aarch64-linux-gnu-gcc.
. "$(dirname "$0")/lib.sh"

[ -d "$OBJ/usr/include" ] || die "no uapi headers in $OBJ/usr/include: run 'make build' first"
OUT=$OBJ/selftests
mkdir -p "$OUT/mm" "$OUT/cgroup"
SMAKE=(make -s -j"$JOBS" CC="$TARGET_CC -static" KHDR_INCLUDES="-isystem $OBJ/usr/include")
# Cross-compiled (ARCH=arm64): the selftest Makefiles choose by ARCH, and
# harness/selftests-compat.h stands in for what the series' selftests take
# from x86 (__NR_pause, which arm64 lacks; docs/arm64.md).
if [ "$ARCH" != x86_64 ]; then
	SMAKE=(make -s -j"$JOBS" CC="$TARGET_CC -static -include $TOP/harness/selftests-compat.h"
		KHDR_INCLUDES="-isystem $OBJ/usr/include" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE")
	if grep -qs '__NR_pause' "$TREE"/tools/testing/selftests/mm/oom_reaper_*.c; then
		warn "the oom_reaper selftests call syscall(__NR_pause), which $ARCH does not have: built with __NR_sched_yield in its place (harness/selftests-compat.h)"
	fi
fi

# mm: only the binaries we run (TARGETS=mm as a whole does not build on
# 6.12.117: khugepaged.c).  The Makefile accepts full output paths.
# The series' selftests: oom_reaper_test and a binary per topic.
MM_TESTS=(mrelease_test $(sed -n 's/^TEST_GEN_FILES += \(oom_reaper_[a-z_]*\)$/\1/p' "$TREE/tools/testing/selftests/mm/Makefile"))
run "${SMAKE[@]}" -C "$TREE/tools/testing/selftests/mm" OUTPUT="$OUT/mm" "${MM_TESTS[@]/#/$OUT/mm/}"
run "${SMAKE[@]}" -C "$TREE/tools/testing/selftests/cgroup" OUTPUT="$OUT/cgroup" "$OUT/cgroup/test_memcontrol"
log "selftests built in $OUT: ${MM_TESTS[*]} test_memcontrol"
