#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "pinned": an OOM victim whose mm outlives its tasks.
# In a 64 MiB memcg a victim touches 48 MiB, then the test module's
# mm_users_hold (victim -P) keeps a reference on its mm for PIN ms, as a
# /proc/PID/smaps reader or process_vm_readv() would; a bystander then
# charges 24 MiB and drives the memcg's OOM.  The victim is killed and
# exits at once (this shell reaps it), but its memory stays charged until
# the reference goes or the reaper frees it: the base kernel's next OOM
# finds no victim task and kills the bystander, the patched one waits for
# the victim and reaps it at once.  RUNS episodes for each pin length of
# PINS, in one boot, one memcg each (pinned.PIN.RUN); their victims are
# tagged pin=PIN run=RUN, and the section "pinned" has a line per episode
# "pin=PIN run=RUN kills=N" (the memcg's oom_kill of memory.events).
RUNS=${RUNS:-3}
# Pin lengths in ms (from the command line, commas between them).
PINS=$(echo "${PINS:-1000 5000}" | tr , ' ')
# The victim parks on this FIFO once its mm is held.
GO=/tmp/pinned.go
HOLD=/sys/kernel/debug/test_oom_reaper/mm_users_hold
. /guest/lib.sh

# parked PID: wait up to 10 s until the victim PID sleeps opening $GO,
# which it does only once its mm is held; 1 if it died or never got there.
parked() {
	local t
	for t in $(seq 1 200); do
		grep -qE 'fifo_open|wait_for_partner' /proc/$1/wchan 2>/dev/null && return 0
		kill -0 $1 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# unpinned SECONDS: wait until no kernel thread of the module holds an mm
# (test_oom_hold: it exits after its mmput()), at most SECONDS; 1 if one
# still does.
unpinned() {
	local t
	for t in $(seq 1 $(( $1 * 10 ))); do
		grep -qx test_oom_hold /proc/[0-9]*/comm 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

[ -e $HOLD ] || { echo "bench-pinned: no $HOLD (test module not loaded, or one without mm_users_hold)" >&2; exit 1; }
: > /tmp/victims.txt
: > /tmp/pinned.txt
/guest/oomtrace.sh start
for pin in $PINS; do
	for run in $(seq 1 $RUNS); do
		cg=pinned.$pin.$run
		TAGS="pin=$pin run=$run"
		mkcg $cg 64M
		rm -f $GO && mkfifo $GO
		spawn $cg -a 48 -P $pin -g $GO
		if ! parked $last; then
			echo "bench-pinned: $cg: the victim's mm was not held (its message above)" >&2
			kill -9 $pids 2>/dev/null
			waitall 5
			rmdir $CG/$cg 2>/dev/null
			/guest/oomtrace.sh stop > /dev/null
			exit 1
		fi
		# Let it go on to wait for its kill, then drive the OOM.
		exec 3> $GO
		exec 3>&-
		spawn $cg -b 24
		# The victim dies at its kill, the bystander as soon as it has its
		# memory or is killed: the pin's length bounds both.
		waitall $(( pin / 1000 + 10 )) || echo "bench-pinned: $cg: still alive after $(( pin / 1000 + 10 )) s" >&2
		# The episode ends with the hold, and the victim's exit_mmap() in it.
		unpinned $(( pin / 1000 + 5 )) || echo "bench-pinned: $cg: its mm still held after $(( pin / 1000 + 5 )) s" >&2
		echo "pin=$pin run=$run kills=$(sed -n 's/^oom_kill //p' $CG/$cg/memory.events)" >> /tmp/pinned.txt
		rmdir $CG/$cg 2>/dev/null
	done
done
rm -f $GO
/guest/oomtrace.sh stop
/guest/emit victims /tmp/victims.txt
/guest/emit pinned /tmp/pinned.txt
