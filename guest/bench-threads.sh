#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "many threads": for each N of THREADS, RUNS times, one
# memcg whose victim has N idle threads and a main thread that fills the
# memcg until it is OOM-killed.  The host reads from the trace what the
# OOM killer cost: from the end of the main thread's last reclaim
# (vmscan:mm_vmscan_memcg_reclaim_end) to mark_victim (the victim chosen,
# reported, SIGKILL sent) and to oom_reap_queue reason=timer_armed (the
# kill done, the victim handed to the reaper).  CPU-bound: make
# bench boots it under icount.  The OOM report goes to the kernel log only.
THREADS=$(echo "${THREADS:-4096 16384}" | tr , " ")
RUNS=${RUNS:-3}
. /guest/lib.sh
T=/sys/kernel/tracing
: > /tmp/victims.txt
echo 1 > /proc/sys/kernel/printk
echo 65536 > /proc/sys/kernel/threads-max
/guest/oomtrace.sh start
echo 1 > $T/events/vmscan/mm_vmscan_memcg_reclaim_end/enable
for n in $THREADS; do
	# Room for the threads' kernel stacks, task structs and stack pages.
	limit=$((48 + n * 48 / 1024))
	for run in $(seq 1 $RUNS); do
		TAGS="threads=$n run=$run"
		mkcg thr$n.$run ${limit}M
		spawn thr$n.$run -T $n -a 0 -f
		waitall 300 || echo "bench-threads: $n threads, run $run: still alive after 300 s" >&2
		rmdir $CG/thr$n.$run 2>/dev/null
	done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
