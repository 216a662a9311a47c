#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oomtrace.sh start|stop: record the oom events and the victims' exits in
# the top-level trace buffer, for the timeline (harness/timeline.py).
T=/sys/kernel/tracing
case $1 in
start)
	echo 0 > $T/tracing_on
	echo 16384 > $T/buffer_size_kb
	echo > $T/trace
	for e in mark_victim wake_reaper start_task_reaping finish_task_reaping skip_task_reaping; do
		echo 1 > $T/events/oom/$e/enable
	done
	for e in $T/events/oom/oom_reap_*; do
		[ -d "$e" ] && echo 1 > "$e/enable"
	done
	echo 1 > $T/events/sched/sched_process_exit/enable
	echo 1 > $T/tracing_on
	;;
stop)
	echo 0 > $T/tracing_on
	cat $T/trace > /tmp/trace.txt
	/guest/emit trace /tmp/trace.txt
	;;
esac
