#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build two kernels from the same base and config, "base" (the
# base with only the patches before the FIFO queue: the stable fix, thawing
# the whole victim, the top-down walk, the tracepoints and the test
# module the scenarios need) and "patched" (the whole series), run every
# scenario on each in turn, RUNS times, and write build/bench/<date>/ with
# the raw traces, a CSV per scenario and results.md (medians,
# patched/base).
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-$B/bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

stage deps "$H/deps.sh"
stage tree "$H/tree.sh"

# The base kernel: the tree's commits up to the last one before the FIFO
# queue, the first patch that changes the reaper's policy: the stable fix,
# the two upstream-parity patches, the tracepoints, the test module and
# its selftests.
k=0
for p in $(series_patches); do
	grep -q '^Subject: \[PATCH[^]]*\] mm/oom_kill: reap OOM victims in the order' "$TOP/patches/$p" && break
	k=$((k + 1))
done
[ "$k" -lt "$(series_patches | wc -l)" ] || die "no FIFO queue patch in patches/series: cannot tell the bench base"

base_commit=$(git -C "$TREE" rev-list --reverse base..HEAD | sed -n "${k}p")
[ -n "$base_commit" ] || die "cannot find the bench base commit (patch $k)"
BASE_TREE=$B/linux-bench-base
if [ ! -d "$BASE_TREE" ]; then
	run git -C "$TREE" worktree add -q -f --detach "$BASE_TREE" "$base_commit"
else
	run git -C "$BASE_TREE" checkout -q --detach "$base_commit"
fi
log "bench base: base + the first $k patches ($(git -C "$TREE" log -1 --format=%s "$base_commit"))"

declare -A KOBJ=([base]=$B/obj-bench-base [patched]=$B/obj-default)
declare -A KTREE=([base]=$BASE_TREE [patched]=$TREE)
for k in base patched; do
	TREE=${KTREE[$k]} OBJ=${KOBJ[$k]} stage "build-$k" "$H/build.sh"
	TREE=${KTREE[$k]} OBJ=${KOBJ[$k]} stage "initramfs-$k" "$H/initramfs.sh"
	TREE=${KTREE[$k]} OBJ=${KOBJ[$k]} "$H/sizes.sh" > "$OUT/sizes-$k"
done

for k in base patched; do
	for job in bench-hol.sh bench-exit.sh bench-reap.sh bench-storm.sh; do
		name=${job%.sh}
		LOGDIR=$OUT/$name-$k OBJ=${KOBJ[$k]} \
			EXTRA_CMDLINE="oomreap.runs=$RUNS" stage "$name-$k" "$H/boot.sh" "$job" ||
			die "scenario $name failed on the $k kernel (logs in $OUT/$name-$k)"
	done
done

# The fast path: FAST_BOOTS boots (default 8) alternating the kernels as
# base, patched, patched, base, ... so that the drift of a TCG host between
# boots (the same kernel is 15-50% slower from one boot to a later one)
# falls on both kernels alike; the report compares adjacent boots.
FAST_BOOTS=${FAST_BOOTS:-8}
for i in $(seq 1 "$FAST_BOOTS"); do
	case $(( i % 4 )) in 1|0) k=base ;; *) k=patched ;; esac
	LOGDIR=$OUT/bench-fast-$k-$i OBJ=${KOBJ[$k]} \
		EXTRA_CMDLINE="oomreap.runs=$RUNS" stage "bench-fast-$k-$i" "$H/boot.sh" bench-fast.sh ||
		die "scenario bench-fast failed on the $k kernel (logs in $OUT/bench-fast-$k-$i)"
done

python3 "$H/benchreport.py" "$OUT" "$RUNS" \
	"$(git -C "$TREE" log -1 --format=%s "$base_commit")" > "$OUT/results.md"
cat "$OUT/results.md"
log "results in $OUT"
