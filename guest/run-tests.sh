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
KTAP=/tmp/ktap.txt
TESTS=${TESTS:-"oom_reaper_test mrelease_test test_memcontrol"}
# ONLY=a,b (oomreap.only= on the command line): run only these cases of
# oom_reaper_test, as fixture[.variant].test (make mutants).
ONLY=${ONLY:-}
PER_TEST_TIMEOUT=${PER_TEST_TIMEOUT:-900}
# Nothing in this guest sets a sysctl before the tests: oom_reaper_test
# may check the kernel's defaults (queue.wait_sysctl_defaults_off_...).
export OOM_REAPER_FRESH_BOOT=1

# test_memcontrol's output goes through memcontrol-filter.awk: only its
# OOM tests are counted, and a crash or a missing OOM test fails it.
MEMCONTROL_FILTER=${MEMCONTROL_FILTER:-/guest/memcontrol-filter.awk}

n=0
set -- $TESTS
{
	echo "KTAP version 1"
	echo "1..$#"
} > $KTAP
for t in $TESTS; do
	n=$((n + 1))
	echo "guest: running $t" > /dev/console
	bin=/selftests/$t
	if [ ! -x "$bin" ]; then
		echo "not ok $n $t # binary missing" >> $KTAP
		continue
	fi
	args=
	if [ "$t" = oom_reaper_test ] && [ -n "$ONLY" ]; then
		for c in $(echo "$ONLY" | tr , ' '); do args="$args -r $c"; done
	fi
	( cd /tmp && timeout -s KILL "$PER_TEST_TIMEOUT" "$bin" $args ) > /tmp/$t.out 2>&1
	rc=$?
	if [ "$t" = test_memcontrol ] && [ $rc != 137 ]; then
		# The filter decides, from what the binary reported and
		# whether it died by a signal (its status, passed along).
		awk -v status=$rc -f "$MEMCONTROL_FILTER" < /tmp/$t.out > /tmp/$t.f
		rc=$?
		mv /tmp/$t.f /tmp/$t.out
	fi
	sed 's/^/    /' /tmp/$t.out >> $KTAP
	case $rc in
	0) echo "ok $n $t" >> $KTAP ;;
	4) echo "ok $n $t # SKIP" >> $KTAP ;;
	137) echo "not ok $n $t # killed after ${PER_TEST_TIMEOUT}s" >> $KTAP ;;
	*) echo "not ok $n $t # exit status $rc" >> $KTAP ;;
	esac
	echo "guest: $t exited with $rc" > /dev/console
done
/guest/emit ktap $KTAP
