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

# wait_while SECS CMD...: run CMD once a second while it succeeds, for
# SECS seconds at most; fail if it still succeeds then.
wait_while() {
	local left=$1
	shift
	while "$@"; do
		[ "$left" -gt 0 ] || return 1
		sleep 1
		left=$((left - 1))
	done
}

# pgrp_alive PGID: is a process of that process group still there and
# not yet a zombie (whose memory is freed)?  /proc/PID/stat after the
# name: state, ppid, pgrp.
pgrp_alive() {
	local pg=$1 st
	for st in /proc/[0-9]*/stat; do
		set -- $(sed 's/.*) //' "$st" 2>/dev/null) x x x
		[ "$3" = "$pg" ] && [ "$1" != Z ] && return 0
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
	killed=
	if ! wait_while "$LIMIT" kill -0 $pid 2>/dev/null; then
		kill -KILL -$pid 2>/dev/null || kill -KILL $pid
		killed=" killed"
	fi
	wait $pid
	rc=$?
	# A killed category must not decide the next one's result: wait (30 s
	# at most) until its processes have exited, and have KSM unmerge
	# what it still counts (after a killed ksm_functional_tests, the next
	# ksm_tests -N -m 1 failed), then stop ksmd, which the killed test
	# could not do.
	if [ -n "$killed" ]; then
		wait_while 30 pgrp_alive $pid ||
			echo "guest: mm category $c: processes of group $pid still there after 30 s" >> $out
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
