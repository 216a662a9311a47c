#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "scale": for each N of SCALE_N, N memcgs OOM together.
# HELD of their victims (16 MiB memcgs) hold their mmap_lock for write for
# HOLD ms and are killed first, by a bystander each; then the N - HELD
# others (4 MiB memcgs), started one by one and waiting on a FIFO, are let
# go at once: each puts a thread to sleep in D state for STUCK ms and fills
# its memcg, so that they are killed within a few seconds of each other,
# reapable but unable to exit.  The host reads, from the trace, each
# victim's wait from queued to reaped (or given up) and the reaper
# threads' time on a CPU (sched_switch in or out of oom_reaper and of the
# patched kernel's oom_reaper/N, each of them, so that no worker's span
# covers another task's).  The OOM reports go to the kernel log only: N
# reports on a TCG serial line, each printed under the global oom_lock,
# would measure the console.
SCALE_N=$(echo "${SCALE_N:-64 256}" | tr , " ")
HELD=${HELD:-8}
HOLD=${HOLD:-15000}
STUCK=${STUCK:-19000}
RUNS=${SCALE_RUNS:-1}
. /guest/lib.sh
T=/sys/kernel/tracing
GO=/tmp/scale-go
: > /tmp/victims.txt
echo 1 > /proc/sys/kernel/printk
/guest/oomtrace.sh start
echo 'prev_comm ~ "oom_reaper*" || next_comm ~ "oom_reaper*"' > $T/events/sched/sched_switch/filter
echo 1 > $T/events/sched/sched_switch/enable

# wait_for COUNT PATTERN: until COUNT of $pids sleep in a kernel function
# matching PATTERN (their /proc/PID/wchan), at most 30 s.
wait_for() {
	local t n p
	for t in $(seq 1 600); do
		n=0
		for p in $pids; do grep -qE "$2" /proc/$p/wchan 2>/dev/null && n=$((n + 1)); done
		[ $n -ge $1 ] && return 0
		sleep 0.05
	done
	echo "bench-scale: only $n of $1 victims reached $2" >&2
	return 1
}

for n in $SCALE_N; do
	[ "$n" -gt "$HELD" ] || { echo "bench-scale: N=$n is not above HELD=$HELD" >&2; exit 1; }
	for run in $(seq 1 $RUNS); do
		TAGS="n=$n run=$run"
		echo "oomreap_scale_start n=$n run=$run" > $T/trace_marker
		for i in $(seq 1 $HELD); do
			mkcg sc$n.$run.$i 16M
			spawn sc$n.$run.$i -a 8 -w $HOLD
		done
		wait_for $HELD timeout
		rm -f $GO && mkfifo $GO
		for i in $(seq $((HELD + 1)) $n); do
			mkcg sc$n.$run.$i 4M
			spawn sc$n.$run.$i -a 0 -f -s $STUCK -g $GO
		done
		wait_for $n 'timeout|fifo_open|wait_for_partner'
		# The held victims first, so that they are queued first.
		for i in $(seq 1 $HELD); do spawn sc$n.$run.$i -b 12; done
		sleep 0.5
		echo "oomreap_scale_go n=$n run=$run" > $T/trace_marker
		exec 3> $GO
		sleep 1
		exec 3>&-
		waitall 90 || echo "bench-scale: N=$n run $run: victims still alive after 90 s" >&2
		echo "oomreap_scale_end n=$n run=$run" > $T/trace_marker
		for i in $(seq 1 $n); do rmdir $CG/sc$n.$run.$i 2>/dev/null; done
	done
done
echo 0 > $T/events/sched/sched_switch/enable
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
