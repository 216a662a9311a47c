#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run every selftest binary in the guest and send one KTAP document to the
# host: each binary's own output indented as a subtest, then "ok N name"
# from its exit status (0 pass, 4 skip, anything else fail).  A binary that
# hangs is killed by timeout and fails.
#
# test_memcontrol cannot run only some of its tests: all of them run, and
# only the OOM ones are counted (the others need page cache on a real
# filesystem or networking, which this guest does not have); their lines
# are kept as diagnostics.
#
# oom_reaper_test, the suite of the series' selftests (the binaries
# oom_reaper_test and oom_reaper_<topic>, reported as one), runs with its
# destructive cases (the guest is thrown away), and around it (not with
# oomreap.only=):
#   oom_reaper_state_restored        the machine's state (state-snapshot.sh)
#                                    is the same before and after the run
#   oom_reaper_killed_case_restored  a case killed in its body as the
#                                    harness kills one at its timeout leaves
#                                    nothing changed, and the next case runs
#   oom_reaper_foreign_oom           (oomreap.foreign_oom=1) a memcg outside
#                                    the test OOMs about once a second all
#                                    through the run: every count of the
#                                    test must be about its own processes
# With oomreap.vmtests=1 oom_reaper_test runs the way a tester runs it,
# through "run_vmtests.sh -d -t oom_reaper" (bash-static), and its own
# output is taken out of run_vmtests.sh's.
KTAP=/tmp/ktap.txt
TESTS=${TESTS:-"oom_reaper_test mrelease_test test_memcontrol"}
# ONLY=a,b (oomreap.only= on the command line): run only these cases of
# the suite, as fixture[.variant].test (make mutants), whichever binary
# has them.
ONLY=${ONLY:-}
FOREIGN_OOM=${FOREIGN_OOM:-0}
VMTESTS=${VMTESTS:-0}
PER_TEST_TIMEOUT=${PER_TEST_TIMEOUT:-900}
CG=/sys/fs/cgroup
# Nothing in this guest sets a sysctl before the tests: oom_reaper_test
# may check the kernel's defaults (queue.wait_sysctl_defaults_off_...).
export OOM_REAPER_FRESH_BOOT=1

# test_memcontrol's output goes through memcontrol-filter.awk: only its
# OOM tests are counted, and a crash or a missing OOM test fails it.
MEMCONTROL_FILTER=${MEMCONTROL_FILTER:-/guest/memcontrol-filter.awk}

extra=
if [ "$ONLY" = "" ] && echo " $TESTS " | grep -q " oom_reaper_test "; then
	extra="oom_reaper_state_restored oom_reaper_killed_case_restored"
	[ "$FOREIGN_OOM" = 1 ] && extra="$extra oom_reaper_foreign_oom"
fi
if [ "$VMTESTS" = 1 ] && [ ! -x /bin/bash -o ! -f /selftests/run_vmtests.sh ]; then
	echo "guest: no bash or run_vmtests.sh in the initramfs: oom_reaper_test runs directly" > /dev/console
	VMTESTS=0
fi

n=0
set -- $TESTS $extra
{
	echo "KTAP version 1"
	echo "1..$#"
} > $KTAP

# result NAME RC [REASON]: one KTAP result line.
result() {
	case $2 in
	0) echo "ok $n $1" >> $KTAP ;;
	4) echo "ok $n $1 # SKIP${3:+ $3}" >> $KTAP ;;
	137) echo "not ok $n $1 # killed after ${PER_TEST_TIMEOUT}s" >> $KTAP ;;
	*) echo "not ok $n $1 # ${3:-exit status $2}" >> $KTAP ;;
	esac
}

# children_of PID: the pids whose parent is PID.
children_of() {
	local s p c st pp rest
	for s in /proc/[0-9]*/stat; do
		read -r p c st pp rest < "$s" 2>/dev/null || continue
		[ "$pp" = "$1" ] && echo "$p"
	done
}

# A memcg of 16M outside the test's, where dd asks for 64M about once a
# second and is OOM-killed: another user's OOMs on a shared machine.
foreign_oom_start() {
	mkdir -p $CG/foreign_oom &&
		echo 16M > $CG/foreign_oom/memory.max &&
		echo 0 > $CG/foreign_oom/memory.swap.max || return 1
	rm -f /tmp/foreign_oom.stop
	(
		while [ ! -e /tmp/foreign_oom.stop ]; do
			sh -c "echo \$\$ > $CG/foreign_oom/cgroup.procs &&
				exec dd if=/dev/zero of=/dev/null bs=64M count=1" 2>/dev/null
			sleep 1
		done
	) &
	foreign_pid=$!
}

foreign_oom_stop() {
	touch /tmp/foreign_oom.stop
	wait $foreign_pid
	foreign_kills=$(sed -n 's/^oom_kill //p' $CG/foreign_oom/memory.events)
	rmdir $CG/foreign_oom
}

# The OOM reaper's selftests are a binary per topic, oom_reaper_test
# and oom_reaper_<topic>; the guest reports them as one suite,
# "oom_reaper_test", their cases numbered in turn under one plan.
oom_reaper_bins() {
	local b
	for b in /selftests/oom_reaper_test /selftests/oom_reaper_*; do
		case $b in *.*) continue ;; esac
		[ -x "$b" ] && echo "$b"
	done | awk '!seen[$0]++'
}

# merge_tap < OUTPUTS > TAP: the binaries' kselftest outputs, one after the
# other, as one: one header and plan, the results renumbered, their
# diagnostics kept, one Totals line.
merge_tap() {
	cat > /tmp/merge.in
	awk '
	NR == FNR { if ($0 ~ /^(not )?ok [0-9]+ /) n++; next }
	FNR == 1 { print "TAP version 13"; print "1.." n }
	/^TAP version / || /^1\.\.[0-9]+/ { next }
	/^# Totals: / {
		for (i = 3; i <= NF; i++) { split($i, kv, ":"); tot[kv[1]] += kv[2] }
		next
	}
	/^(not )?ok [0-9]+ / { m++; sub(/ok [0-9]+ /, "ok " m " "); print; next }
	{ print }
	END {
		printf "# Totals: pass:%d fail:%d xfail:%d xpass:%d skip:%d error:%d\n",
			tot["pass"], tot["fail"], tot["xfail"], tot["xpass"], tot["skip"], tot["error"]
	}' /tmp/merge.in /tmp/merge.in
}

# worst RC...: the suite's status from its binaries': a failure if any
# failed, a skip if all skipped, else a pass.
worst() {
	local r s=4
	for r in "$@"; do
		case $r in
		0) [ $s = 4 ] && s=0 ;;
		4) ;;
		*) echo $r; return ;;
		esac
	done
	echo $s
}

# run_oom_reaper: the oom_reaper binaries, directly or through
# run_vmtests.sh; their output in /tmp/oom_reaper_test.out, their status
# in $rc.
run_oom_reaper() {
	local args= c b rcs=
	if [ "$VMTESTS" = 1 ]; then
		( cd /selftests && timeout -s KILL "$PER_TEST_TIMEOUT" \
			bash ./run_vmtests.sh -d -t oom_reaper ) > /tmp/vmtests.out 2>&1
		rc=$?
		# run_vmtests.sh prefixes each binary's output with "# " between
		# its "running ./oom_reaper_..." banner (and the line after it)
		# and its verdict, then says "ok N oom_reaper_..." or "not ok".
		awk '
		/^# running \.\/oom_reaper_/ { inside = 1; sep = 1; next }
		inside && sep { sep = 0; next }
		inside && /^# \[(PASS|SKIP|FAIL)\]/ { inside = 0; next }
		inside { sub(/^# /, ""); print }' /tmp/vmtests.out | merge_tap > /tmp/oom_reaper_test.out
		for c in $(sed -n 's/^\(not ok\|ok\) [0-9]* oom_reaper_[a-z_]*\( # SKIP\)\{0,1\}$/\1\2/p' /tmp/vmtests.out | tr ' ' _); do
			case $c in
			ok) rcs="$rcs 0" ;;
			ok_#_SKIP) rcs="$rcs 4" ;;
			*) rcs="$rcs 1" ;;
			esac
		done
		if [ -n "$rcs" ]; then
			rc=$(worst $rcs)
		elif [ $rc != 137 ]; then
			rc=1
		fi
		grep -v '^# ' /tmp/vmtests.out | sed 's/^/# run_vmtests.sh: /' >> /tmp/oom_reaper_test.out
		return
	fi
	for c in $(echo "$ONLY" | tr , ' '); do args="$args -r $c"; done
	: > /tmp/oom_reaper_all.out
	# With -r, a binary that has none of the cases runs none and passes.
	for b in $(oom_reaper_bins); do
		echo "guest: running $b" > /dev/console
		( cd /tmp && OOM_REAPER_DESTRUCTIVE=1 timeout -s KILL "$PER_TEST_TIMEOUT" \
			$b $args ) >> /tmp/oom_reaper_all.out 2>&1
		rcs="$rcs $?"
	done
	merge_tap < /tmp/oom_reaper_all.out > /tmp/oom_reaper_test.out
	rc=$(worst ${rcs:-1})
}

# killed_case: start no_wait.hugetlb_uncharged (it changes sysctls, makes
# a memcg and a trace instance, remounts cgroup2), kill its process group
# once it has remounted, as the harness kills a case at its timeout; then
# release.anon_released_at_once, which the harness runs next, must still
# pass and nothing may stay changed.
killed_case() {
	local main child t=0 out=/tmp/killed_case.out
	/guest/state-snapshot.sh > /tmp/state.before
	# The release policy's binary, or the one binary of older series.
	local bin=/selftests/oom_reaper_release
	[ -x $bin ] || bin=/selftests/oom_reaper_test
	( cd /tmp && OOM_REAPER_DESTRUCTIVE=1 exec $bin \
		-r no_wait.hugetlb_uncharged.released_at_once \
		-r release.anon_released_at_once ) > $out 2>&1 &
	main=$!
	while [ $t -lt 600 ] && ! grep -q '^remount' /tmp/oom_reaper_test.state 2>/dev/null; do
		sleep 0.1
		t=$((t + 1))
	done
	sleep 1
	child=$(children_of $main)
	[ -n "$child" ] && kill -9 -$child
	wait $main
	/guest/state-snapshot.sh > /tmp/state.after
	sed 's/^/# /' $out
	if [ -z "$child" ] || [ $t -ge 600 ]; then
		echo "# the case never remounted cgroup2 (no remount record in 60 s)"
		return 1
	fi
	grep -q '^ok [0-9]* release.anon_released_at_once' $out ||
		{ echo "# the case after the killed one did not pass"; return 1; }
	diff /tmp/state.before /tmp/state.after | sed 's/^/# /'
	cmp -s /tmp/state.before /tmp/state.after
}

for t in $TESTS $extra; do
	n=$((n + 1))
	echo "guest: running $t" > /dev/console
	case $t in
	oom_reaper_state_restored)
		diff /tmp/state.before-suite /tmp/state.after-suite | sed 's/^/    # /' >> $KTAP
		cmp -s /tmp/state.before-suite /tmp/state.after-suite
		result $t $? "the run left the machine changed (diff above)"
		continue ;;
	oom_reaper_killed_case_restored)
		killed_case > /tmp/killed_case.ktap 2>&1
		rc=$?
		sed 's/^/    /' /tmp/killed_case.ktap >> $KTAP
		result $t $rc "see above"
		continue ;;
	oom_reaper_foreign_oom)
		echo "    # a foreign memcg was OOM-killed $foreign_kills times beside oom_reaper_test" >> $KTAP
		[ "${foreign_kills:-0}" -gt 0 ]
		result $t $? "the foreign OOM loop made no OOM: the run proves nothing"
		continue ;;
	esac
	bin=/selftests/$t
	if [ ! -x "$bin" ]; then
		echo "not ok $n $t # binary missing" >> $KTAP
		continue
	fi
	if [ "$t" = oom_reaper_test ]; then
		[ "$FOREIGN_OOM" = 1 ] && [ -z "$ONLY" ] && foreign_oom_start
		# run_vmtests.sh grows the huge page pool to 256MB for its own
		# hugetlb tests and leaves it so: grown before the snapshot, the
		# pool is not what the comparison sees change.
		[ "$VMTESTS" = 1 ] &&
			echo $(( 262144 / $(sed -n 's/^Hugepagesize: *\([0-9]*\).*/\1/p' /proc/meminfo) )) \
				> /proc/sys/vm/nr_hugepages
		/guest/state-snapshot.sh > /tmp/state.before-suite
		run_oom_reaper
		/guest/state-snapshot.sh > /tmp/state.after-suite
		[ -n "${foreign_pid:-}" ] && foreign_oom_stop
	else
		( cd /tmp && timeout -s KILL "$PER_TEST_TIMEOUT" "$bin" ) > /tmp/$t.out 2>&1
		rc=$?
	fi
	if [ "$t" = test_memcontrol ] && [ $rc != 137 ]; then
		# The filter decides, from what the binary reported and
		# whether it died by a signal (its status, passed along).
		awk -v status=$rc -f "$MEMCONTROL_FILTER" < /tmp/$t.out > /tmp/$t.f
		rc=$?
		mv /tmp/$t.f /tmp/$t.out
	fi
	sed 's/^/    /' /tmp/$t.out >> $KTAP
	result $t $rc
	echo "guest: $t exited with $rc" > /dev/console
done
/guest/emit ktap $KTAP
