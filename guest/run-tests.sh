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

# Keep the OOM tests' results of test_memcontrol, renumbered, and turn the
# others into diagnostics.  Its children inherit unflushed stdio buffers,
# so a result line can appear twice: count each test once.  Prints the
# KTAP and returns 1 when a counted test failed.
memcontrol_filter() {
	awk '
	BEGIN { n = 0; bad = 0 }
	/^1\.\.[0-9]+$/ { next }
	/^(not )?ok [0-9]+ / {
		if (seen[$0]++) next
		name = $0; sub(/^.*(ok [0-9]+ (# SKIP )?)/, "", name); sub(/ .*/, "", name)
		if (name ~ /^test_memcg_oom_/) {
			if (done[name]++) next
			n++; line = $0; sub(/ok [0-9]+ /, "ok " n " ", line)
			if (line ~ /^not ok/) bad = 1
			out[n] = line; next
		}
		diag[++nd] = "# not counted here (not an OOM test): " $0; next
	}
	{ diag[++nd] = "# " $0 }
	END {
		print "TAP version 13"; print "1.." n
		for (i = 1; i <= nd; i++) print diag[i]
		for (i = 1; i <= n; i++) print out[i]
		exit (bad || n != 4)
	}'
}

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
		memcontrol_filter < /tmp/$t.out > /tmp/$t.f
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
