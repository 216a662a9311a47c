#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "exit-only memory": a victim whose charged memory is
# mostly what only its exit frees, stuck for STUCK ms after the kill and
# then exiting by itself, next to a bystander that needs memory in the
# same memcg.  Kinds: page tables of a sparse mapping ("pgtables"),
# hugetlb pages charged with memory_hugetlb_accounting ("hugetlb"), and a
# victim whose mmu notifier refuses non-blocking invalidation for NOTIFIER
# ms ("notifier").  Counts the memcg's oom_kill per episode.
RUNS=${RUNS:-3}
STUCK=${STUCK:-5000}
NOTIFIER=${NOTIFIER:-6000}
CG=/sys/fs/cgroup
: > /tmp/exit.txt
: > /tmp/victims.txt
echo 64 > /proc/sys/vm/nr_hugepages
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	for kind in pgtables hugetlb notifier; do
		d=$CG/exit.$kind.$run
		mkdir -p $d
		echo 48M > $d/memory.max
		echo 0 > $d/memory.swap.max
		case $kind in
		pgtables) opts="-p 16 -a 4 -s $STUCK" ;;
		hugetlb)  opts="-h 12 -a 4 -s $STUCK" ;;
		notifier) opts="-n $NOTIFIER -a 28 -s $STUCK" ;;
		esac
		sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q $opts" &
		v=$!
		echo "pid=$v memcg=exit.$kind.$run run=$run kind=$kind opts=$opts" >> /tmp/victims.txt
		sleep 1
		sh -c "echo \$\$ > $d/cgroup.procs && exec /guest/victim -q -b 24" &
		b=$!
		echo "pid=$b memcg=exit.$kind.$run run=$run kind=bystander opts=-b" >> /tmp/victims.txt
		( sleep 60; kill -9 $v $b 2>/dev/null ) &
		wd=$!
		wait $v $b
		kill $wd 2>/dev/null
		echo "kind=$kind run=$run kills=$(sed -n 's/^oom_kill //p' $d/memory.events)" >> /tmp/exit.txt
		rmdir $d 2>/dev/null
	done
done
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
/guest/emit exit /tmp/exit.txt
