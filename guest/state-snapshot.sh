#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What oom_reaper_test may change on the machine, and must put back on
# every path (issue 22): printed in a stable order, so that two snapshots
# taken before and after a run compare with diff.
#   vm sysctls (oom_reap_*, nr_hugepages, ...), every mount and its
#   options, the root cgroup's controllers for its children, every
#   cgroup, every trace instance and tracing_on, the test's state file.
CG=/sys/fs/cgroup
for f in /proc/sys/vm/*; do
	[ -f "$f" ] || continue
	v=$(cat "$f" 2>/dev/null | tr '\t\n' '  ') || continue
	echo "sysctl vm.${f##*/} = $v"
done
sed 's/^/mount /' /proc/mounts
echo "subtree_control $(cat $CG/cgroup.subtree_control)"
find $CG -type d | sort | sed 's/^/cgroup /'
ls /sys/kernel/tracing/instances | sed 's/^/trace instance /'
echo "tracing_on $(cat /sys/kernel/tracing/tracing_on)"
for f in /tmp/oom_reaper_test.state; do
	[ -e $f ] && echo "state file $f left: $(wc -l < $f) records"
done
exit 0
