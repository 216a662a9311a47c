#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make run: several memcgs OOM at once; the host turns the trace into a
# per-victim timeline.  With the test module loaded, the victims are stuck
# in ways the reaper has to deal with (uninterruptible sleep, mmap_lock
# held for write, mlocked memory, a refusing mmu notifier, memory that
# only its exit frees); without it
# they are plain allocators.
N=${DEMO_MEMCGS:-6}
. /guest/lib.sh
MOD=/sys/kernel/debug/test_oom_reaper
: > /tmp/victims.txt

kind() {	# the victim options for memcg $1
	if [ ! -d $MOD ]; then echo "-a 16 -f"; return; fi
	case $1 in
	1) echo "-a 24 -w 4000" ;;		# mmap_lock held for write
	2) echo "-a 16 -f -s 3000" ;;		# stuck in D state
	3) echo "-a 16 -f -l -s 3000" ;;	# mlocked and stuck
	4) echo "-a 16 -f -n 3000 -s 3000" ;;	# notifier refuses, stuck
	5) echo "-p 16 -a 4 -s 4000" ;;		# page tables only its exit frees
	*) echo "-a 16 -f -s 3000" ;;
	esac
}

/guest/oomtrace.sh start
for i in $(seq 1 $N); do
	mkcg demo$i 48M
	opts=$(kind $i)
	spawn demo$i $opts
	case $opts in
	*-w*)	# it holds its mmap_lock and does nothing else: a bystander
		# in its memcg drives the OOM
		sleep 0.3
		spawn demo$i -b 24 ;;
	*-p*)	# it sits on its page tables once it has made them (about a
		# second under TCG): then a bystander drives the OOM
		sleep 1.5
		spawn demo$i -b 24 ;;
	esac
done
# Every victim is killed and exits within its stuck time (at most 4 s) plus
# the reaper's work: whatever is left after 60 s is killed.
left=
waitall 60 || { echo "demo: victims still alive after 60 s"; left=timeout; }
sleep 0.5
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
for i in $(seq 1 $N); do
	echo "demo$i: $(grep oom_kill $CG/demo$i/memory.events | tr '\n' ' ')" >> /tmp/memcgs.txt
	rmdir $CG/demo$i 2>/dev/null
done
/guest/emit memcgs /tmp/memcgs.txt
[ -z "$left" ]
