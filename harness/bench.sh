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
#   BENCH_ONLY="a b"    only these scenarios (default all)
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
# The big scenario boots twice per kernel: 2 vCPUs with every part
# (bench-big-KERNEL), 1 vCPU with its parts "one" and "two" (bench-big1-KERNEL).
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
RUNS=${RUNS:-3}
EXIT_RUNS=${EXIT_RUNS:-$RUNS}
# BENCH_ONLY="fast threads": only these scenarios (hol exit reap reserve
# storm scale big fast threads); the report leaves out what was not run.
BENCH_ONLY=${BENCH_ONLY:-"hol exit reap reserve storm scale big fast threads"}
BENCH_ICOUNT=${BENCH_ICOUNT:-1}
FAST_BOOTS=${FAST_BOOTS:-8}
FAST_REPS=${FAST_REPS:-8}
THREADS_BOOTS=${THREADS_BOOTS:-4}
THREADS=${THREADS:-"4096 16384"}
SCALE_N=${SCALE_N:-"64 256"}
for n in $BENCH_ONLY; do
	case $n in hol|exit|reap|reserve|storm|scale|big|fast|threads) ;;
	*) die "BENCH_ONLY: no scenario '$n' (hol exit reap reserve storm scale big fast threads)" ;;
	esac
done
[ "$FAST_BOOTS" -ge 4 ] && [ "$THREADS_BOOTS" -ge 2 ] ||
	die "FAST_BOOTS must be at least 4 and THREADS_BOOTS at least 2 (two boots per kernel give an interval)"
wanted() { [[ " $BENCH_ONLY " == *" $1 "* ]]; }
# The guest's variables of scenario $1 (oomreap.NAME=VALUE; a space in a
# value is written as a comma and turned back by the scenario).
scenario_args() {
	case $1 in
	fast) echo "oomreap.reps=$FAST_REPS" ;;
	threads) echo "oomreap.threads=${THREADS// /,}" ;;
	scale) echo "oomreap.scale_n=${SCALE_N// /,}" ;;
	exit)	echo "${EXIT_KINDS:+oomreap.kinds=${EXIT_KINDS// /,}}" \
		     "${EXIT_DEADLINES:+oomreap.deadlines=${EXIT_DEADLINES// /,}}" \
		     "${EXIT_WAITS:+oomreap.waits=${EXIT_WAITS// /,}}" ;;
	esac
}
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

# Each scenario on each kernel.  The wall-clock ones (latencies that
# include waiting: timers, the reaper's delay and deadline) boot with TCG as
# usual; the CPU-bound ones (fast, threads) boot under icount
# (BENCH_ICOUNT=0 turns it off), where the guest's clock counts
# instructions and what else the host runs does not change it.
for k in base patched; do
	for name in hol exit reap reserve storm scale big; do
		wanted "$name" || continue
		# reserve times the reap alone, which is CPU-bound: icount,
		# one vCPU, as fast and threads below.
		ic=0 sm=2 runs=$RUNS
		[ "$name" = reserve ] && [ "$BENCH_ICOUNT" = 1 ] && ic=1 sm=1
		[ "$name" = exit ] && runs=$EXIT_RUNS
		LOGDIR=$OUT/bench-$name-$k OBJ=${KOBJ[$k]} ICOUNT=$ic SMP=$sm \
			EXTRA_CMDLINE="oomreap.runs=$runs $(scenario_args "$name")" \
			stage "bench-$name-$k" "$H/boot.sh" "bench-$name.sh" ||
			die "scenario $name failed on the $k kernel (logs in $OUT/bench-$name-$k)"
		# big again with one vCPU, its large victims alone and two
		# together: one reaper worker on the patched kernel, the
		# base's reap and the patched kernel's slices on one CPU.
		[ "$name" = big ] || continue
		LOGDIR=$OUT/bench-big1-$k OBJ=${KOBJ[$k]} ICOUNT=0 SMP=1 \
			EXTRA_CMDLINE="oomreap.runs=$RUNS oomreap.big_parts=one,two" \
			stage "bench-big1-$k" "$H/boot.sh" "bench-big.sh" ||
			die "scenario big (1 vCPU) failed on the $k kernel (logs in $OUT/bench-big1-$k)"
	done
done

# The CPU-bound scenarios: BOOTS boots each, alternating the kernels as
# base, patched, patched, base, ... so that anything that drifts from one
# boot to the next falls on both alike.  Under icount a guest is one host
# thread whose clock counts its own instructions, so two boots run at once
# (one per host CPU) without changing what either measures.  The report
# gives each ratio a 95% interval from the boots' values (benchstats.py).
# One vCPU: under icount the vCPUs run in turn and the clock counts the
# instructions of all of them, so a second one's work (kworkers, the
# other half of a fork) would land inside the measured interval (4096
# threads: 6.3-9.6 ms per OOM with 2 vCPUs, 6.99-7.01 ms with one).
jobs=1 smp=2
[ "$BENCH_ICOUNT" = 1 ] && smp=1
[ "$BENCH_ICOUNT" = 1 ] && [ "$(nproc)" -ge 2 ] && jobs=2
for name in fast threads; do
	wanted "$name" || continue
	boots=$FAST_BOOTS
	[ "$name" = threads ] && boots=$THREADS_BOOTS
	pids=()
	for i in $(seq 1 "$boots"); do
		case $(( i % 4 )) in 1|0) k=base ;; *) k=patched ;; esac
		log "bench-$name-$k-$i: booting (output in $OUT/bench-$name-$k-$i.log)"
		LOGDIR=$OUT/bench-$name-$k-$i OBJ=${KOBJ[$k]} ICOUNT=$BENCH_ICOUNT SMP=$smp \
			EXTRA_CMDLINE="oomreap.runs=$RUNS $(scenario_args "$name")" \
			"$H/boot.sh" "bench-$name.sh" > "$OUT/bench-$name-$k-$i.log" 2>&1 &
		pids+=($!)
		if [ ${#pids[@]} -ge $jobs ] || [ "$i" = "$boots" ]; then
			for pid in "${pids[@]}"; do
				wait "$pid" && continue
				cat "$OUT"/bench-$name-*.log >&2
				die "scenario $name failed on a boot (logs in $OUT/bench-$name-*)"
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
