#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "reap throughput": one large anonymous victim, as
# large as the 2 GiB guest allows (SIZE MiB, default 1200), in a memcg of
# its own that a bystander pushes over the limit.  Two episodes per run:
# "reaped", the victim stuck in D state so the reaper frees its memory
# (MB/s from start_task_reaping to finish_task_reaping and the pages
# oom_reap_result says were freed), and "exit", the victim exiting at once
# so its own exit frees it (MB/s from its kill to the end of its
# exit_mmap(), oom_reap_exit).  The host computes both from the trace.
RUNS=${RUNS:-3}
SIZE=${SIZE:-1200}
. /guest/lib.sh
: > /tmp/victims.txt
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	for how in reaped exit; do
		cg=reap.$how.$run
		TAGS="run=$run how=$how size=$SIZE"
		mkcg $cg $(( (SIZE + 64) * 1024 * 1024 ))
		if [ $how = reaped ]; then
			spawn $cg -a $SIZE -s 15000
		else
			spawn $cg -a $SIZE
		fi
		victim=$last
		wait_anon $cg $SIZE
		spawn $cg -b 128
		waitall 60 || echo "bench-reap: $cg: still alive after 60 s"
		rmdir $CG/$cg 2>/dev/null
	done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
