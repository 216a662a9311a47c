#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build two kernels from the same base and config, "base" (the
# base with only the patches before the FIFO queue: the stable fix, thawing
# the whole victim, the top-down walk, the tracepoints and the test
# module the scenarios need) and "patched" (the whole series), run every
# scenario on each in turn, RUNS times, and write build/bench/<date>/ with
# the raw traces, a CSV per scenario and results.md (a headline table,
# then medians, patched/base, and 95% intervals of the CPU-bound ratios).
#
#   RUNS=n              repetitions of each scenario in a boot (default 3)
#   EXIT_RUNS=n         episodes per kind of the exit scenario (default RUNS):
#                       its rows sit near their bounds, and 9 resolve them
#   BENCH_ONLY="a b"    only these scenarios (default all); the report
#                       leaves out what was not run
#   BENCH_ICOUNT=0      boot fast, threads and reserve without icount
#   FAST_BOOTS=n        fast-path boots, alternating kernels (default 8)
#   FAST_REPS=n         repetitions per fast boot, the first a warm-up (8)
#   THREADS_BOOTS=n     many-threads boots (default 4)
#   THREADS="a b"       thread counts of one victim (default 4096 16384)
#   SCALE_N="a b"       memcgs OOMing together (default 64 256)
#   EXIT_KINDS="a b"    exit-only kinds of the exit scenario (default all)
#   EXIT_DEADLINES="a b" its reap deadlines in ms (default 1000 5000)
#   EXIT_WAITS="a b"    its values of vm.oom_reap_wait_for_exit on the
#                       patched kernel (default 0 1; the base has none)
#   PINS="a b"          pin lengths of the pinned scenario in ms: how long a
#                       reference keeps the victim's mm (default 1000 5000)
# The scenarios, their guest scripts, boots and defaults are listed once,
# in harness/bench/__init__.py; "python3 -m bench list" (in harness/)
# prints what they boot.
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
RUNS=${RUNS:-3}
EXIT_RUNS=${EXIT_RUNS:-$RUNS}
BENCH_ICOUNT=${BENCH_ICOUNT:-1}
# One line per folder: NAME FOLDER GUEST ICOUNT VCPUS BOOTS CMDLINE...
list=$(cd "$H" && RUNS=$RUNS EXIT_RUNS=$EXIT_RUNS BENCH_ICOUNT=$BENCH_ICOUNT python3 -m bench list) || exit 1
mapfile -t BOOTS <<< "$list"
ALL=$(printf '%s\n' "${BOOTS[@]}" | cut -d' ' -f1 | uniq | xargs)
BENCH_ONLY=${BENCH_ONLY:-$ALL}
for n in $BENCH_ONLY; do
	[[ " $ALL " == *" $n "* ]] || die "BENCH_ONLY: no scenario '$n' ($ALL)"
done
wanted() { [[ " $BENCH_ONLY " == *" $1 "* ]]; }
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

# Each scenario booted once per kernel, base then patched: with TCG as
# usual, or under icount (ICOUNT 1, harness/bench/__init__.py says why).
for k in base patched; do
	for line in "${BOOTS[@]}"; do
		read -r name folder guest ic smp boots cmdline <<< "$line"
		[ "$boots" = - ] || continue
		wanted "$name" || continue
		LOGDIR=$OUT/bench-$folder-$k OBJ=${KOBJ[$k]} ICOUNT=$ic SMP=$smp EXTRA_CMDLINE=$cmdline \
			stage "bench-$folder-$k" "$H/boot.sh" "$guest" ||
			die "scenario $name failed on the $k kernel (logs in $OUT/bench-$folder-$k)"
	done
done

# The CPU-bound scenarios booted many times: BOOTS boots each, alternating
# the kernels as base, patched, patched, base, ... so that anything that
# drifts from one boot to the next falls on both alike.  Under icount a
# guest is one host thread whose clock counts its own instructions, so two
# boots run at once (one per host CPU) without changing what either
# measures.  The report gives each ratio a 95% interval from the boots'
# values (benchstats.py).  One vCPU: under icount the vCPUs run in turn
# and the clock counts the instructions of all of them, so a second one's
# work (kworkers, the other half of a fork) would land inside the measured
# interval (4096 threads: 6.3-9.6 ms per OOM with 2 vCPUs, 6.99-7.01 ms
# with one).
for line in "${BOOTS[@]}"; do
	read -r name folder guest ic smp boots cmdline <<< "$line"
	[ "$boots" != - ] || continue
	wanted "$name" || continue
	jobs=1
	[ "$ic" = 1 ] && [ "$(nproc)" -ge 2 ] && jobs=2
	pids=()
	for i in $(seq 1 "$boots"); do
		case $(( i % 4 )) in 1|0) k=base ;; *) k=patched ;; esac
		log "bench-$folder-$k-$i: booting (output in $OUT/bench-$folder-$k-$i.log)"
		LOGDIR=$OUT/bench-$folder-$k-$i OBJ=${KOBJ[$k]} ICOUNT=$ic SMP=$smp EXTRA_CMDLINE=$cmdline \
			"$H/boot.sh" "$guest" > "$OUT/bench-$folder-$k-$i.log" 2>&1 &
		pids+=($!)
		if [ ${#pids[@]} -ge $jobs ] || [ "$i" = "$boots" ]; then
			for pid in "${pids[@]}"; do
				wait "$pid" && continue
				cat "$OUT"/bench-$folder-*.log >&2
				die "scenario $name failed on a boot (logs in $OUT/bench-$folder-*)"
			done
			pids=()
		fi
	done
done

runs_desc=$RUNS
[ "$EXIT_RUNS" = "$RUNS" ] || runs_desc="$RUNS EXIT_RUNS=$EXIT_RUNS"
python3 "$H/benchreport.py" "$OUT" "$runs_desc" \
	"$(git -C "$TREE" log -1 --format=%s "$base_commit")" > "$OUT/results.md"
cat "$OUT/results.md"
log "results in $OUT"
