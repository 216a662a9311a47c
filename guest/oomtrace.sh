#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oomtrace.sh start|stop: record the oom events and the victims' exits in
# the top-level trace buffer, for the timeline (harness/timeline.py), sent
# to the host as "trace-cmd report" text when trace-cmd is in the guest
# (oomreap.tracecmd=0 on the command line: the tracefs text instead).
T=/sys/kernel/tracing
case $1 in
start)
	echo 0 > $T/tracing_on
	echo 16384 > $T/buffer_size_kb
	echo > $T/trace
	for e in mark_victim wake_reaper start_task_reaping finish_task_reaping skip_task_reaping; do
		echo 1 > $T/events/oom/$e/enable
	done
	# Those a kernel has: oom_kill_wait (the OOM killer waits for a
	# victim in flight) is the patched kernel's only.
	for e in $T/events/oom/oom_reap_* $T/events/oom/oom_kill_wait; do
		[ -d "$e" ] && echo 1 > "$e/enable"
	done
	echo 1 > $T/events/sched/sched_process_exit/enable
	echo 1 > $T/tracing_on
	;;
stop)
	echo 0 > $T/tracing_on
	# With trace-cmd in the initramfs (harness/initramfs.sh), the text the
	# host reads is "trace-cmd report" of the ring buffer extracted into a
	# trace.dat, as on a real host; without it, or if it fails, the
	# tracefs trace file (read first: extracting consumes the buffer).
	cat $T/trace > /tmp/trace.txt
	if [ "${TRACECMD:-1}" = 1 ] && command -v trace-cmd > /dev/null; then
		if trace-cmd extract -o /tmp/trace.dat > /tmp/trace-cmd.log 2>&1 &&
		   trace-cmd report -i /tmp/trace.dat > /tmp/trace-report.txt 2>> /tmp/trace-cmd.log &&
		   grep -q ': mark_victim:\|: oom_reap_' /tmp/trace-report.txt; then
			mv /tmp/trace-report.txt /tmp/trace.txt
			echo "oomtrace: trace-cmd report of the extracted buffer"
		else
			echo "oomtrace: trace-cmd failed, the tracefs trace is sent:"
			tail -n 5 /tmp/trace-cmd.log
		fi
	fi
	/guest/emit trace /tmp/trace.txt
	;;
esac
