#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "storm": N memcgs (48 MiB, no swap) each running
# stress-ng memory stressors that want more than the limit (--vm-bytes is
# split between the workers: 128 MiB for two), for DURATION
# seconds, RUNS times.  stress-ng restarts a stressor the OOM killer
# kills, so every memcg keeps OOMing.  The guest records, per memcg, the
# longest time memory.current stayed within 256 KiB of memory.max
# (sampled every 0.1 s) and its oom/oom_kill counts, and the CPU time the
# oom_reaper thread used; the host counts kills per episode from the
# trace and the console's oom-kill lines.
N=${N:-16}
RUNS=${RUNS:-3}
DURATION=${DURATION:-20}
STRESS_NG=/usr/bin/stress-ng
. /guest/lib.sh
if [ ! -x $STRESS_NG ]; then
	echo "bench-storm: no $STRESS_NG in the initramfs (see harness/initramfs.sh)"
	exit 1
fi
: > /tmp/storm.txt
: > /tmp/victims.txt
reaper=$(for p in /proc/[0-9]*; do
	[ "$(cat $p/comm 2>/dev/null)" = oom_reaper ] && echo ${p#/proc/}
done)
# utime + stime of the oom_reaper thread, in clock ticks.
reaper_ticks() {
	set -- $(sed 's/^.*) //' /proc/$reaper/stat)
	echo $(( ${12} + ${13} ))
}
/guest/oomtrace.sh start
# Which memcg a killed stressor was in: the host follows the forks from
# the stress-ng started in each memcg (the console's oom-kill lines, which
# name the memcg, are rate-limited).
echo 1 > /sys/kernel/tracing/events/sched/sched_process_fork/enable
for run in $(seq 1 $RUNS); do
	t0=$(reaper_ticks)
	for i in $(seq 1 $N); do
		cg=storm$run.$i
		mkcg $cg 48M
		sh -c "echo \$\$ > $CG/$cg/cgroup.procs && exec $STRESS_NG --vm 2 --vm-bytes 128M --vm-keep --timeout ${DURATION}s -q" &
		pids="$pids $!"
		echo "pid=$! memcg=$cg run=$run role=root" >> /tmp/victims.txt
	done
	# Sample with shell builtins only: no fork per memcg and sample.
	end=$(( $(cut -d. -f1 /proc/uptime) + DURATION ))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		for i in $(seq 1 $N); do
			cg=$CG/storm$run.$i
			read cur < $cg/memory.current
			read max < $cg/memory.max
			eval "s=\${streak_$i:-0} l=\${longest_$i:-0}"
			if [ $cur -ge $((max - 262144)) ]; then s=$((s + 1)); else s=0; fi
			[ $s -gt $l ] && l=$s
			eval "streak_$i=$s longest_$i=$l"
		done
		sleep 0.1
	done
	waitall $((DURATION + 60)) || echo "bench-storm: run $run: stressors still alive"
	t1=$(reaper_ticks)
	for i in $(seq 1 $N); do
		cg=storm$run.$i
		eval "l=\${longest_$i:-0}"
		echo "run=$run memcg=$cg longest_at_limit_samples=$l oom=$(sed -n 's/^oom //p' $CG/$cg/memory.events) oom_kill=$(sed -n 's/^oom_kill //p' $CG/$cg/memory.events)" >> /tmp/storm.txt
		eval "unset streak_$i longest_$i"
		rmdir $CG/$cg 2>/dev/null
	done
	echo "run=$run reaper_ticks=$((t1 - t0)) clk_tck=100 duration=$DURATION" >> /tmp/storm.txt
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
/guest/emit storm /tmp/storm.txt
