#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "reserve": what a large reservation of address space
# that is never touched costs a reap.  Two victims, each reaped with and
# without a RESERVE TiB PROT_NONE, MAP_NORESERVE reservation beside what
# it holds (sanitizer shadows, JIT cages and JVM heaps reserve so):
# "pgtables", whose charge is mostly the page tables of a sparse mapping
# (16 GiB read once per 2 MiB), and "anon", SIZE MiB of anonymous memory.
# Each is stuck in D state, so that the reaper frees its memory; the host
# takes the reap time from start_task_reaping to finish_task_reaping.
RUNS=${RUNS:-3}
SIZE=${SIZE:-1200}
RESERVE=${RESERVE:-32}
STUCK=${STUCK:-8000}
. /guest/lib.sh
: > /tmp/victims.txt
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	for kind in pgtables anon; do
		for tb in 0 $RESERVE; do
			cg=reserve.$kind.$tb.$run
			TAGS="run=$run kind=$kind reserve=$tb"
			res=
			[ $tb = 0 ] || res="-R $tb"
			if [ $kind = pgtables ]; then
				mkcg $cg 48M
				spawn $cg -p 16 -a 4 -s $STUCK $res
				sleep 1
				spawn $cg -b 24
			else
				mkcg $cg $(( (SIZE + 64) * 1024 * 1024 ))
				spawn $cg -a $SIZE -s $STUCK $res
				wait_anon $cg $SIZE
				spawn $cg -b 128
			fi
			waitall 60 || echo "bench-reserve: $cg: still alive after 60 s"
			rmdir $CG/$cg 2>/dev/null
		done
	done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
