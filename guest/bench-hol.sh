#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "head-of-line": N memcgs OOM at once; the victim of
# the first (48 MiB) holds its mmap_lock for write for HOLD ms (longer
# than a reap round, and than the base kernel's ten retries) and is killed
# first, the others (24 MiB) are stuck in D state for STUCK ms but
# reapable.  Repeated RUNS times in one boot; the
# host reads each run's wait from queued to reaped from the trace.
N=${N:-8}
RUNS=${RUNS:-3}
HOLD=${HOLD:-5000}
STUCK=${STUCK:-6000}
CG=/sys/fs/cgroup
: > /tmp/victims.txt
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	pids=
	for i in $(seq 1 $N); do
		mkdir -p $CG/hol$run.$i
		[ $i = 1 ] && max=48M || max=24M
		echo $max > $CG/hol$run.$i/memory.max
		echo 0 > $CG/hol$run.$i/memory.swap.max
	done
	# The victim that will hold its mmap_lock: wait until it sleeps in
	# the test module with the lock held.
	d=$CG/hol$run.1
	opts="-a 24 -w $HOLD"
	sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q $opts" &
	held=$!
	echo "pid=$held memcg=hol$run.1 run=$run opts=$opts" >> /tmp/victims.txt
	pids="$pids $held"
	for t in $(seq 1 100); do
		grep -q timeout /proc/$held/wchan 2>/dev/null && break
		sleep 0.05
	done
	# The reapable victims fill their small memcgs in about half a second;
	# the bystander gets the held victim killed before that, so it is
	# queued first and the others while the reaper is busy with it.
	for i in $(seq 2 $N); do
		d=$CG/hol$run.$i
		opts="-a 4 -f -s $STUCK"
		sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q $opts" &
		echo "pid=$! memcg=hol$run.$i run=$run opts=$opts" >> /tmp/victims.txt
		pids="$pids $!"
	done
	d=$CG/hol$run.1
	sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q -b 24" &
	echo "pid=$! memcg=hol$run.1 run=$run opts=-b bystander" >> /tmp/victims.txt
	pids="$pids $!"
	( sleep 60; kill -9 $pids 2>/dev/null ) &
	wd=$!
	wait $pids
	kill $wd 2>/dev/null
	for i in $(seq 1 $N); do rmdir $CG/hol$run.$i 2>/dev/null; done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
