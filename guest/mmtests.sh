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
	# Whatever a killed runner left behind (its children in other groups).
	[ -n "$killed" ] && sleep 1
	echo "# mmtests: category $c exit $rc after $(( $(date +%s) - t0 ))s$killed" >> $out
	echo "guest: mm category $c: exit $rc after $(( $(date +%s) - t0 ))s$killed" > /dev/console
	/guest/emit mm-$c $out
	# Leave the next category the memory the tests took.
	echo 0 > /proc/sys/vm/nr_hugepages 2>/dev/null
	echo 3 > /proc/sys/vm/drop_caches
done
exit 0
