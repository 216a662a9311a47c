#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "exit-only memory": a victim whose charged memory is
# mostly what only its exit frees, stuck for STUCK ms after the kill and
# then exiting by itself, next to a bystander that needs memory in the
# same memcg.  Kinds: page tables of a sparse mapping ("pgtables"),
# private hugetlb pages charged with memory_hugetlb_accounting ("hugetlb",
# and "hugetlb_quick", which exits within the default deadline),
# a victim whose mmu notifier refuses non-blocking invalidation for
# NOTIFIER ms ("notifier"); and three whose exit-only memory cannot end
# the OOM or is already freed: hugetlb pages of a shared hugetlbfs file,
# which outlive the victim ("hugetlb_shared"), private hugetlb pages while
# cgroup2 is remounted without memory_hugetlb_accounting
# ("hugetlb_uncharged"), a victim whose exit spends STUCK ms in a VMA's
# ->close() after its memory is freed ("slow_close", not stuck
# otherwise), and a victim, not stuck otherwise, whose exit waits in
# exit_mmap() for mmap_write_lock(), after its memory is freed, until a
# hold of its mmap_lock for read, taken once its memory is touched, ends
# STUCK ms later ("exit_blocked": the test module's mmap_read_hold, as a
# remote /proc/pid/mem reader stalled on I/O would).  Counts the memcg's oom_kill per
# episode, with each reap deadline of DEADLINES on a kernel that has that
# sysctl, inside each value of WAITS for vm.oom_reap_wait_for_exit on a
# kernel that has that one (0: the default; 1: keep a reaped victim whose
# exit will free hugetlb charged to its memcg until it exits or its
# deadline passes).  Every episode is tagged deadline=D wait=W ("none"
# where the kernel has no such sysctl).
RUNS=${RUNS:-3}
STUCK=${STUCK:-5000}
NOTIFIER=${NOTIFIER:-6000}
# Reap deadlines to run with (ms); the base kernel has no such sysctl.
DEADLINES=${DEADLINES:-1000 5000}
# Values of vm.oom_reap_wait_for_exit to run with; the base kernel has no
# such sysctl either.
WAITS=${WAITS:-0 1}
KINDS=${KINDS:-pgtables hugetlb hugetlb_quick notifier hugetlb_shared hugetlb_uncharged slow_close exit_blocked}
# hugetlb_quick: stuck QUICK ms from its start, so that it exits inside the
# default deadline (about 2.5 s after its kill, the reaper queues it at 2 s
# and gives up at 3 s).
QUICK=${QUICK:-3500}
# From the command line, a comma stands for a space.
KINDS=$(echo "$KINDS" | tr , ' ')
DEADLINES=$(echo "$DEADLINES" | tr , ' ')
WAITS=$(echo "$WAITS" | tr , ' ')
SYSCTL=/proc/sys/vm/oom_reap_deadline_ms
[ -e $SYSCTL ] || DEADLINES=none
WAITCTL=/proc/sys/vm/oom_reap_wait_for_exit
[ -e $WAITCTL ] || WAITS=none
. /guest/lib.sh
: > /tmp/exit.txt
: > /tmp/victims.txt
echo 64 > /proc/sys/vm/nr_hugepages
/guest/oomtrace.sh start
for w in $WAITS; do
	[ $w = none ] || echo $w > $WAITCTL || exit 1
	for dl in $DEADLINES; do
		[ $dl = none ] || echo $dl > $SYSCTL || exit 1
		for run in $(seq 1 $RUNS); do
			for kind in $KINDS; do
				cg=exit.$kind.$dl.w$w.$run
				TAGS="run=$run kind=$kind deadline=$dl wait=$w"
				mkcg $cg 48M
				[ $kind = hugetlb_uncharged ] &&
					{ mount -o remount none $CG || exit 1; }
				case $kind in
				pgtables) spawn $cg -p 16 -a 4 -s $STUCK ;;
				hugetlb)  spawn $cg -h 12 -a 4 -s $STUCK ;;
				hugetlb_quick) spawn $cg -h 12 -a 4 -s $QUICK ;;
				notifier) spawn $cg -n $NOTIFIER -a 28 -s $STUCK ;;
				hugetlb_shared) spawn $cg -H 12 -a 4 -s $STUCK ;;
				hugetlb_uncharged) spawn $cg -h 12 -a 28 -s $STUCK ;;
				slow_close) spawn $cg -c $STUCK -a 28 ;;
				exit_blocked) spawn $cg -r $STUCK -a 28 ;;
				esac
				sleep 1
				spawn $cg -b 24
				waitall 60 || echo "bench-exit: $cg: still alive after 60 s"
				echo "kind=$kind deadline=$dl wait=$w run=$run kills=$(sed -n 's/^oom_kill //p' $CG/$cg/memory.events)" >> /tmp/exit.txt
				rmdir $CG/$cg 2>/dev/null
				rm -f /dev/hugepages/victim.*
				[ $kind = hugetlb_uncharged ] &&
					{ mount -o remount,memory_hugetlb_accounting none $CG || exit 1; }
			done
		done
	done
done
[ "$WAITS" = none ] || echo 0 > $WAITCTL
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
/guest/emit exit /tmp/exit.txt
