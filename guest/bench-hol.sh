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
. /guest/lib.sh
: > /tmp/victims.txt
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	TAGS="run=$run"
	mkcg hol$run.1 48M
	for i in $(seq 2 $N); do mkcg hol$run.$i 24M; done
	# The victim that will hold its mmap_lock: wait until it sleeps in
	# the test module with the lock held.
	spawn hol$run.1 -a 24 -w $HOLD
	for t in $(seq 1 100); do
		grep -q timeout /proc/$last/wchan 2>/dev/null && break
		sleep 0.05
	done
	# The reapable victims fill their small memcgs in about half a second;
	# the bystander gets the held victim killed before that, so it is
	# queued first and the others while the reaper is busy with it.
	for i in $(seq 2 $N); do spawn hol$run.$i -a 4 -f -s $STUCK; done
	spawn hol$run.1 -b 24
	waitall 60 || echo "bench-hol: run $run: victims still alive after 60 s"
	for i in $(seq 1 $N); do rmdir $CG/hol$run.$i 2>/dev/null; done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
