#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# testpass.sh guest|checks: one pass of make test (harness/test.sh runs
# them), ending in its line "N passed, N failed, N skipped"; its counts
# ("passed failed skipped") also go to $TEST_COUNTS when it is set.
#   guest   stages deps, tree, build, selftests, initramfs, boot (the guest
#           runs the selftests) and results, for DEBUG and ARCH; creates
#           $TEST_BUILT, when set, once the kernel, the selftests and the
#           initramfs are built.  A stage that fails counts as one failure
#           and the rest still run where they can.
#   checks  the static checks (harness/checks.sh) on DEBUG's x86_64 build.
. "$(dirname "$0")/lib.sh"

H=$TOP/harness
KIND=${1:?usage: testpass.sh guest|checks}
passed=0 failed=0 skipped=0
# add_counts FILE: add a counts file ("passed failed skipped"); a missing
# or unreadable one is a failure.
add_counts() {
	local p f s
	if read -r p f s 2>/dev/null < "$1" && [[ "$p $f $s" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
		passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	else
		log "no counts in $1: counted as one failure"
		failed=$((failed + 1))
	fi
}
# The summary line, and the counts for the caller ($TEST_COUNTS).
summary() {
	[ -z "${TEST_COUNTS:-}" ] || echo "$passed $failed $skipped" > "$TEST_COUNTS"
	echo "$passed passed, $failed failed, $skipped skipped"
}

guest() {
	deps() { "$H/deps.sh" && { [ "$ARCH" = x86_64 ] || "$H/deps.sh" "$ARCH"; }; }
	stage deps deps || die "dependencies missing"
	if ! stage tree "$H/tree.sh"; then
		failed=1
		return
	fi
	if ! { stage build "$H/build.sh" && stage selftests "$H/selftests.sh" && stage initramfs "$H/initramfs.sh"; }; then
		failed=$((failed + 1))
		return
	fi
	[ -z "${TEST_BUILT:-}" ] || touch "$TEST_BUILT"
	LOGDIR=$B/logs/test-$VARIANT-$(date +%Y%m%d-%H%M%S)
	export LOGDIR
	# The default build's guest runs oom_reaper_test with a foreign memcg
	# OOMing beside it; the debug build's runs it through run_vmtests.sh -d
	# (guest/run-tests.sh).
	if [ "$DEBUG" = 1 ]; then
		guest_opts="oomreap.vmtests=1"
	else
		guest_opts="oomreap.foreign_oom=1"
	fi
	if ! EXTRA_CMDLINE="$guest_opts ${EXTRA_CMDLINE:-}" stage boot "$H/boot.sh" test; then
		log "the guest run failed (see above)"
		failed=$((failed + 1))
	fi
	if [ -f "$LOGDIR/ktap" ]; then
		cp "$LOGDIR/ktap" "$LOGDIR/ktap.txt"
		stage results python3 "$H/results.py" "$TREE" "$LOGDIR/ktap" "$LOGDIR/counts" "$LOGDIR/cases.tsv" || true
		add_counts "$LOGDIR/counts"
	else
		log "no KTAP results came back from the guest"
		failed=$((failed + 1))
	fi
}

checks() {
	rm -f "$B/check-counts"
	CHECK_COUNTS=$B/check-counts stage checks "$H/checks.sh" || true
	add_counts "$B/check-counts"
}

t0=$(date +%s)
case $KIND in
guest)	guest ;;
checks)	checks ;;
*)	die "usage: testpass.sh guest|checks" ;;
esac
log "make test's $KIND pass took $(( $(date +%s) - t0 ))s (variant $VARIANT)"
summary
[ "$failed" = 0 ]
