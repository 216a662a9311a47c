#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: every check, ending in one line "N passed, N failed, N skipped"
# and a non-zero exit on any failure.  Stages: deps, tree, build, selftests,
# initramfs, boot (guest runs the selftests), results, static checks.
# A stage that fails counts as one failure and the rest still run where
# they can.

# Without DEBUG=0 or DEBUG=1, test both builds: the default one with the
# static checks, then the debug one (lockdep, KASAN, DEBUG_VM, hung tasks)
# on the guest tests only, as the static checks do not depend on the build.
# Each pass writes its counts ("passed failed skipped") to $TEST_COUNTS; a
# pass that wrote none did not finish, and counts as one failure.
# TEST_PASS: the command of one pass (the harness' tests give a fake one).
# ARCH=arm64 (make test-arm64): the same two passes on arm64 kernels and
# guests; the static checks, which check x86_64 builds, are not run (one
# skip), and the passes' logs are named oomreap-test-arm64-N.log.
if [ -z "${DEBUG:-}" ]; then
	p=0 f=0 s=0
	counts=$(mktemp -d)
	trap 'rm -rf "$counts"' EXIT
	case ${ARCH:-x86_64} in
	x86_64|x86) what="default and debug builds" logname=oomreap-test ;;
	*) what="${ARCH}, default and debug builds" logname=oomreap-test-$ARCH ;;
	esac
	# On x86_64, a third pass: the arm64 default build's guest suite
	# (ARM64=0 leaves it out; make test-arm64 runs both arm64 builds).
	passes="0 1"
	[ "$logname" = oomreap-test ] && [ "${ARM64:-1}" = 1 ] && passes="0 1 arm64"
	for v in $passes; do
		checks=${CHECKS:-1}
		[ "$logname" = oomreap-test ] || checks=0
		[ $v = 1 ] && checks=once
		if [ $v = arm64 ]; then
			what="$what, arm64 default build"
			ARCH=arm64 DEBUG=0 CHECKS=elsewhere TEST_COUNTS=$counts/$v "${TEST_PASS:-$0}" 2>&1 |
				tee "${TMPDIR:-/tmp}/oomreap-test-arm64-0.log" || true
		else
			DEBUG=$v CHECKS=$checks TEST_COUNTS=$counts/$v "${TEST_PASS:-$0}" 2>&1 |
				tee "${TMPDIR:-/tmp}/$logname-$v.log" || true
		fi
		if read -r a b c 2>/dev/null < "$counts/$v" && [[ "$a $b $c" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
			p=$((p + a)) f=$((f + b)) s=$((s + c))
		else
			echo "make test: the $( [ $v = arm64 ] && echo arm64 || echo DEBUG=$v) pass wrote no counts: it did not finish (counted as one failure)" >&2
			f=$((f + 1))
		fi
	done
	echo "make test ($what): $p passed, $f failed, $s skipped" >&2
	echo "$p passed, $f failed, $s skipped"
	[ "$f" = 0 ]
	exit
fi
. "$(dirname "$0")/lib.sh"

H=$TOP/harness
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
t0=$(date +%s)

deps() { "$H/deps.sh" && { [ "$ARCH" = x86_64 ] || "$H/deps.sh" "$ARCH"; }; }
stage deps deps || die "dependencies missing"
# The summary line, and the counts for the caller ($TEST_COUNTS).
summary() {
	[ -z "${TEST_COUNTS:-}" ] || echo "$passed $failed $skipped" > "$TEST_COUNTS"
	echo "$passed passed, $failed failed, $skipped skipped"
}
if ! stage tree "$H/tree.sh"; then
	failed=1
	summary
	exit 1
fi
built=1
stage build "$H/build.sh" && stage selftests "$H/selftests.sh" && stage initramfs "$H/initramfs.sh" || built=0

if [ $built = 1 ]; then
	export LOGDIR=$B/logs/test-$VARIANT-$(date +%Y%m%d-%H%M%S)
	# The default build's guest runs oom_reaper_test with a foreign memcg
	# OOMing beside it; the debug build's runs it through run_vmtests.sh -d
	# (guest/run-tests.sh).
	if [ "${DEBUG:-0}" = 1 ]; then
		guest_opts="oomreap.vmtests=1"
	else
		guest_opts="oomreap.foreign_oom=1"
	fi
	if EXTRA_CMDLINE="$guest_opts ${EXTRA_CMDLINE:-}" stage boot "$H/boot.sh" test; then :; else
		log "the guest run failed (see above)"
		failed=$((failed + 1))
	fi
	if [ -f "$LOGDIR/ktap" ]; then
		cp "$LOGDIR/ktap" "$LOGDIR/ktap.txt"
		stage results python3 "$H/results.py" "$TREE" "$LOGDIR/ktap" "$LOGDIR/counts" || true
		add_counts "$LOGDIR/counts"
	else
		log "no KTAP results came back from the guest"
		failed=$((failed + 1))
	fi
else
	failed=$((failed + 1))
fi

if [ "$ARCH" != x86_64 ]; then
	# The static checks check x86_64 builds: one skip per make test-arm64.
	if [ "${CHECKS:-1}" = elsewhere ]; then
		log "static checks: run by make test's x86_64 default pass"
	elif [ "${CHECKS:-1}" = once ]; then
		log "static checks not run on $ARCH: counted once, as skipped, in the default build's pass"
	else
		log "static checks not run on $ARCH: they check x86_64 builds (make test runs them)"
		skipped=$((skipped + 1))
	fi
elif [ "${CHECKS:-1}" = 1 ] && [ $built = 1 ]; then
	rm -f "$B/check-counts"
	CHECK_COUNTS=$B/check-counts stage checks "$H/checks.sh" || true
	add_counts "$B/check-counts"
elif [ "${CHECKS:-1}" = once ]; then
	log "static checks: counted once, in the default build's pass"
elif [ "${CHECKS:-1}" != 1 ]; then
	log "static checks not run (CHECKS=0)"
	skipped=$((skipped + 1))
fi

log "make test took $(( $(date +%s) - t0 ))s (variant $VARIANT)"
summary
[ "$failed" = 0 ]
