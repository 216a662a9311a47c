#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the selftest binaries the guest runs, statically (the guest has no
# libc), with the kernel's own selftest Makefiles, into $OBJ/selftests.
. "$(dirname "$0")/lib.sh"

[ -d "$OBJ/usr/include" ] || die "no uapi headers in $OBJ/usr/include: run 'make build' first"
OUT=$OBJ/selftests
mkdir -p "$OUT/mm" "$OUT/cgroup"
SMAKE=(make -s -j"$JOBS" CC="gcc -static" KHDR_INCLUDES="-isystem $OBJ/usr/include")

# mm: only the binaries we run (TARGETS=mm as a whole does not build on
# 6.12.117: khugepaged.c).  The Makefile accepts full output paths.
MM_TESTS=(mrelease_test)
grep -q '^TEST_GEN_FILES += oom_reaper_test' "$TREE/tools/testing/selftests/mm/Makefile" && MM_TESTS+=(oom_reaper_test)
run "${SMAKE[@]}" -C "$TREE/tools/testing/selftests/mm" OUTPUT="$OUT/mm" "${MM_TESTS[@]/#/$OUT/mm/}"
run "${SMAKE[@]}" -C "$TREE/tools/testing/selftests/cgroup" OUTPUT="$OUT/cgroup" "$OUT/cgroup/test_memcontrol"
log "selftests built in $OUT: ${MM_TESTS[*]} test_memcontrol"
