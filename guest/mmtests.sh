#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make mmtests, in the guest: the kernel's own mm selftests, through their
# runner run_vmtests.sh (bash, from Debian's bash-static), one category at
# a time so that a category that hangs costs its own time bound only.
# Each category's output goes to the host as the section mm-CATEGORY,
# ended by a line "# mmtests: category C exit N after S s" (and "killed"
# when it outlasted MMTIMEOUT seconds: its whole process group is killed).
# The host (harness/mmreport.py) reads the results from the TAP lines.
#
# oomreap.mmcats=a,b,c and oomreap.mmtimeout=secs on the kernel command
# line choose the categories and the bound of each (guest/init exports
# them as MMCATS and MMTIMEOUT).
MM=/mmtests
CATS=${MMCATS:?no categories (oomreap.mmcats=)}
LIMIT=${MMTIMEOUT:-300}

[ -x /bin/bash ] || { echo "guest: no /bin/bash in the initramfs (bash-static)" > /dev/console; exit 2; }
[ -f $MM/run_vmtests.sh ] || { echo "guest: no $MM/run_vmtests.sh in the initramfs" > /dev/console; exit 2; }

{
	echo "kernel $(uname -r)"
	echo "cpus $(nproc), nodes $(cat /sys/devices/system/node/online)"
	grep -E '^(MemTotal|MemFree|HugePages_Total|Hugepagesize):' /proc/meminfo
	echo "categories $CATS, bound ${LIMIT}s each"
} > /tmp/mm-env.txt
/guest/emit mm-env /tmp/mm-env.txt

# pgrp_alive PGID: is a process of that process group still there and
# not yet a zombie (whose memory is freed)?  Fields 3 and 5 of
# /proc/PID/stat; the names in field 2 of what runs here have no blank.
pgrp_alive() {
	local pg=$1 st
	for st in /proc/[0-9]*/stat; do
		set -- $(cat "$st" 2>/dev/null)
		[ "$5" = "$pg" ] && [ "$3" != Z ] && return 0
	done
	return 1
}
for c in $(echo "$CATS" | tr , ' '); do
	out=/tmp/mm-$c.txt
	echo "guest: mm category $c" > /dev/console
	t0=$(date +%s)
	# setsid: the runner leads a process group of its own, so that a
	# timeout kills the test binaries too, not only the shell.
	( cd $MM && exec setsid bash ./run_vmtests.sh -t "$c" ) > $out 2>&1 < /dev/null &
	pid=$!
	waited=0
	while kill -0 $pid 2>/dev/null && [ $waited -lt "$LIMIT" ]; do
		sleep 1
		waited=$((waited + 1))
	done
	killed=
	if kill -0 $pid 2>/dev/null; then
		kill -KILL -$pid 2>/dev/null || kill -KILL $pid
		killed=" killed"
	fi
	wait $pid
	rc=$?
	# A killed category must not decide the next one's result: wait (30 s
	# at most) until its processes have exited, their memory freed, and
	# let KSM unmerge what they left (ksm_numa cannot change
	# merge_across_nodes while KSM pages exist), then stop ksmd again.
	if [ -n "$killed" ]; then
		left=30
		while [ $left -gt 0 ] && pgrp_alive $pid; do
			sleep 1
			left=$((left - 1))
		done
		pgrp_alive $pid && echo "guest: mm category $c: processes of group $pid still there after 30 s" >> $out
		if [ -w /sys/kernel/mm/ksm/run ]; then
			echo 2 > /sys/kernel/mm/ksm/run
			echo 0 > /sys/kernel/mm/ksm/run
		fi
	fi
	echo "# mmtests: category $c exit $rc after $(( $(date +%s) - t0 ))s$killed" >> $out
	echo "guest: mm category $c: exit $rc after $(( $(date +%s) - t0 ))s$killed" > /dev/console
	/guest/emit mm-$c $out
	# Leave the next category the memory the tests took.
	echo 0 > /proc/sys/vm/nr_hugepages 2>/dev/null
	echo 3 > /proc/sys/vm/drop_caches
done
exit 0
