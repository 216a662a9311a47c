#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "head-of-line": N memcgs OOM at once; the victim of
# the first holds its mmap_lock for write for HOLD ms (longer than a reap
# round, and than the base kernel's ten retries), the others are stuck in
# D state for STUCK ms but reapable.  Repeated RUNS times in one boot; the
# host reads each run's wait from queued to reaped from the trace.
N=${N:-8}
RUNS=${RUNS:-3}
HOLD=${HOLD:-3000}
STUCK=${STUCK:-4000}
CG=/sys/fs/cgroup
: > /tmp/victims.txt
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	pids=
	for i in $(seq 1 $N); do
		d=$CG/hol$run.$i
		mkdir -p $d
		echo 48M > $d/memory.max
		echo 0 > $d/memory.swap.max
		if [ $i = 1 ]; then
			opts="-a 24 -w $HOLD"
		else
			opts="-a 16 -f -s $STUCK"
		fi
		sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q $opts" &
		echo "pid=$! memcg=hol$run.$i run=$run opts=$opts" >> /tmp/victims.txt
		pids="$pids $!"
		if [ $i = 1 ]; then
			sleep 0.3
			sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q -b 24" &
			echo "pid=$! memcg=hol$run.$i run=$run opts=-b bystander" >> /tmp/victims.txt
			pids="$pids $!"
			sleep 0.5	# let it be killed, and queued, first
		fi
	done
	( sleep 60; kill -9 $pids 2>/dev/null ) &
	wd=$!
	wait $pids
	kill $wd 2>/dev/null
	for i in $(seq 1 $N); do rmdir $CG/hol$run.$i 2>/dev/null; done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
