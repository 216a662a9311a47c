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
if [ -z "${DEBUG:-}" ]; then
	p=0 f=0 s=0
	for v in 0 1; do
		checks=${CHECKS:-1}
		[ $v = 1 ] && checks=once
		DEBUG=$v CHECKS=$checks "$0" 2>&1 | tee "${TMPDIR:-/tmp}/oomreap-test-$v.log" || true
		last=$(tail -1 "${TMPDIR:-/tmp}/oomreap-test-$v.log")
		if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
			p=$((p + BASH_REMATCH[1])) f=$((f + BASH_REMATCH[2])) s=$((s + ${BASH_REMATCH[4]:-0}))
		else
			f=$((f + 1))	# the pass did not even report
		fi
	done
	echo "make test (default and debug builds): $p passed, $f failed, $s skipped" >&2
	echo "$p passed, $f failed, $s skipped"
	[ "$f" = 0 ]
	exit
fi
. "$(dirname "$0")/lib.sh"

H=$TOP/harness
passed=0 failed=0 skipped=0
add_counts() { local p f s; read -r p f s < "$1"; passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); }
t0=$(date +%s)

stage deps "$H/deps.sh" || die "dependencies missing"
if ! stage tree "$H/tree.sh"; then
	echo "0 passed, 1 failed"
	exit 1
fi
built=1
stage build "$H/build.sh" && stage selftests "$H/selftests.sh" && stage initramfs "$H/initramfs.sh" || built=0

if [ $built = 1 ]; then
	export LOGDIR=$B/logs/test-$VARIANT-$(date +%Y%m%d-%H%M%S)
	if stage boot "$H/boot.sh" test; then :; else
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

if [ "${CHECKS:-1}" = 1 ] && [ $built = 1 ]; then
	rm -f "$B/check-counts"
	CHECK_COUNTS=$B/check-counts stage checks "$H/checks.sh" || true
	[ -f "$B/check-counts" ] && add_counts "$B/check-counts" || failed=$((failed + 1))
elif [ "${CHECKS:-1}" = once ]; then
	log "static checks: counted once, in the default build's pass"
elif [ "${CHECKS:-1}" != 1 ]; then
	log "static checks not run (CHECKS=0)"
	skipped=$((skipped + 1))
fi

log "make test took $(( $(date +%s) - t0 ))s (variant $VARIANT)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
