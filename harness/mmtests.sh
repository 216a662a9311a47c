#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mmtests: the kernel's own mm selftests (tools/testing/selftests/mm,
# through run_vmtests.sh) on the pure Debian base (the tree's "base"
# commit, no patch) and on the whole series, from the same config, and a
# report: each test's result on either kernel, the reasons of skips, and a
# verdict ("no regression", or the tests that pass on base and not on the
# patched kernel).  Results in build/mmtests/<date>/.  Not part of make
# test: it takes far longer.
#
#   MMCATS="a b ..."   run_vmtests.sh categories (default below)
#   MMTIMEOUT=secs     bound of each category in the guest (default 300)
#   NOBUILD=1          boot what is built, build nothing
#   KERNELS="base"     one kernel only (default "patched base"); with
#   MMTESTS_OUT=dir    the same dir, runs done apart add up in one report
#   NOBOOT=1           build only
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
OUT=${MMTESTS_OUT:-$B/mmtests/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT" "$B/logs"

# The categories that fit a 2 GiB, 2-vCPU TCG guest with numa=fake=2 and
# no disk.  Left out, with the reason in the report: vmalloc and hmm (test
# modules this config does not build; hmm needs ZONE_DEVICE and memory
# hotplug), pkey (the 32-bit binary needs a multilib compiler), and the
# destructive tests (-d: memory failure injection).
MMCATS=${MMCATS:-"mmap gup_test userfaultfd mlock mremap hugevm process_mrelease madv_populate memfd_secret ksm ksm_numa soft_dirty pagemap cow thp hugetlb migration mkdirty mdwe compaction"}
MMTIMEOUT=${MMTIMEOUT:-300}
LEFT_OUT="vmalloc hmm pkey"
# The binaries these categories run (the Makefile builds all of mm/ else,
# 32-bit ones included), and the scripts run_vmtests.sh calls.
MM_BINS=(hugepage-mmap hugepage-shm map_hugetlb hugepage-mremap hugepage-vmemmap
	hugetlb-madvise hugetlb_dio hugetlb_fault_after_madv hugetlb_madv_vs_map
	map_fixed_noreplace gup_test gup_longterm uffd-unit-tests uffd-stress
	compaction_test on-fault-limit map_populate mlock-random-test mlock2-tests
	mrelease_test mremap_test thuge-gen write_to_hugetlbfs virtual_address_range
	va_high_addr_switch mremap_dontunmap madv_populate memfd_secret ksm_tests
	ksm_functional_tests soft-dirty pagemap_ioctl cow khugepaged
	transhuge-stress split_huge_page_test migration mkdirty mdwe_test)

stage deps "$H/deps.sh"
[ -x /bin/bash-static ] || die "no /bin/bash-static (Debian package bash-static, make deps)"
stage tree "$H/tree.sh"

# The pure base: a worktree of the tree at its "base" commit.
BASE_TREE=$B/linux-mmtests-base
base_commit=$(git -C "$TREE" rev-parse base)
if [ ! -d "$BASE_TREE" ]; then
	run git -C "$TREE" worktree add -q -f --detach "$BASE_TREE" "$base_commit"
else
	run git -C "$BASE_TREE" checkout -q --detach "$base_commit"
fi

# One config for both: config/oomreap.config without the series' test
# module (the base has no such option; no category here uses it) and
# config/mmtests.config.  Own OBJ dirs: obj-default has another config.
sed -e '/^CONFIG_TEST_OOM_REAPER=/d' "$TOP/config/oomreap.config" > "$B/mmtests/oomreap-nomodule.config"
export FRAGMENTS="$B/mmtests/oomreap-nomodule.config $TOP/config/mmtests.config"
declare -A KOBJ=([base]=$B/obj-mmtests-base [patched]=$B/obj-mmtests-patched)
declare -A KTREE=([base]=$BASE_TREE [patched]=$TREE)

# build_mm: the binaries above from $TREE's own tools/testing/selftests/mm,
# static, into $OBJ/mmtests with run_vmtests.sh and the scripts it runs.
# 6.12.117's khugepaged.c uses KSFT_SKIP without including kselftest.h
# (upstream includes it since the file returns KSFT_SKIP): built alone with
# kselftest.h forced in by -include, the source left as it is.
build_mm() {
	local src=$TREE/tools/testing/selftests/mm out=$OBJ/mmtests bins=() b
	local smake=(make -s -j"$JOBS" -C "$src" CC="gcc -static" KHDR_INCLUDES="-isystem $OBJ/usr/include" OUTPUT="$out")
	[ -d "$OBJ/usr/include" ] || die "no uapi headers in $OBJ/usr/include"
	mkdir -p "$out"
	for b in "${MM_BINS[@]}"; do
		[ "$b" = khugepaged ] || bins+=("$out/$b")
	done
	run nice -n 10 "${smake[@]}" "${bins[@]}" > "$out/build.log" 2>&1 ||
		{ tail -30 "$out/build.log" >&2; die "mm selftests failed to build (log: $out/build.log)"; }
	if grep -q '#include "\.\./kselftest\.h"\|#include "kselftest\.h"' "$src/khugepaged.c"; then
		run nice -n 10 "${smake[@]}" "$out/khugepaged" >> "$out/build.log" 2>&1
	else
		log "khugepaged.c lacks kselftest.h (6.12.117): built with -include kselftest.h"
		run nice -n 10 "${smake[@]}" EXTRA_CFLAGS="-include $src/../kselftest.h" "$out/khugepaged" >> "$out/build.log" 2>&1
	fi || { tail -30 "$out/build.log" >&2; die "khugepaged failed to build (log: $out/build.log)"; }
	cp "$src"/run_vmtests.sh "$src"/*.sh "$out/"
	log "mm selftests in $out: ${#MM_BINS[@]} binaries, run_vmtests.sh"
}

KERNELS=${KERNELS:-patched base}
if [ "${NOBUILD:-0}" != 1 ]; then
	for k in $KERNELS; do
		TREE=${KTREE[$k]} OBJ=${KOBJ[$k]} JOBS=$JOBS stage "build-$k" nice -n 10 "$H/build.sh"
		TREE=${KTREE[$k]} OBJ=${KOBJ[$k]} stage "mmselftests-$k" build_mm
		TREE=${KTREE[$k]} OBJ=${KOBJ[$k]} stage "initramfs-$k" "$H/initramfs.sh"
	done
fi

[ "${NOBOOT:-0}" = 1 ] && { log "built ($KERNELS), not booted (NOBOOT=1)"; exit 0; }
ncat=$(wc -w <<< "$MMCATS")
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-$(( ncat * (MMTIMEOUT + 30) + 180 ))}
cmdline="oomreap.mmcats=$(tr -s ' ' ',' <<< "$MMCATS") oomreap.mmtimeout=$MMTIMEOUT"
t0=$(date +%s)
for k in $KERNELS; do
	git -C "${KTREE[$k]}" log -1 --format="%H %s" > "$OUT/$k.commit"
	tk=$(date +%s)
	LOGDIR=$OUT/$k OBJ=${KOBJ[$k]} EXTRA_CMDLINE="$cmdline" stage "boot-$k" nice -n 10 "$H/boot.sh" mmtests.sh ||
		log "the $k guest run failed (see above): the report says what came back"
	echo $(( $(date +%s) - tk )) > "$OUT/$k.seconds"
done
log "guests ran for $(( $(date +%s) - t0 ))s"

# Every category run_vmtests.sh knows that this run left out.
ALL_CATS="mmap gup_test userfaultfd compaction mlock mremap hugevm vmalloc hmm madv_populate memfd_secret process_mrelease ksm ksm_numa pkey soft_dirty pagemap cow thp hugetlb migration mkdirty mdwe"
for c in $ALL_CATS; do
	[[ " $MMCATS $LEFT_OUT " == *" $c "* ]] || LEFT_OUT+=" $c"
done
python3 "$H/mmreport.py" "$OUT" "$LEFT_OUT" > "$OUT/report.md"
cat "$OUT/report.md"
log "results in $OUT"
grep -qx 'Verdict: no regression' "$OUT/report.md"
