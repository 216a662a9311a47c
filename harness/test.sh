#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: every check, ending in one line "N passed, N failed, N skipped"
# and a non-zero exit on any failure.  It runs the passes of
# harness/testpass.sh in turn and adds up the counts each writes to
# $TEST_COUNTS; a pass that wrote none did not finish, and counts as one
# failure.  The passes, each with its log in ${TMPDIR:-/tmp}:
#   oomreap-test-0.log   the default build's guest pass, then the static
#                        checks on that build (they do not depend on which
#                        build they check, so they run once)
#   oomreap-test-1.log   the debug build's (lockdep, KASAN, DEBUG_VM, hung
#                        tasks) guest pass
#   oomreap-test-arm64-0.log  the arm64 default build's guest pass, with
#                        ARM64=1 only: it no longer fits CI's time with the
#                        x86_64 passes (docs/stages.md)
# DEBUG=0 or DEBUG=1: that build's guest pass and the static checks on it.
# ARCH=arm64 (make test-arm64): the guest passes on arm64 kernels, logs
# oomreap-test-arm64-N.log; the static checks, which check x86_64 builds,
# are not run (one skip).
# TEST_PASS: the command of one pass (the harness' tests give a fake one).
H=$(dirname "$0")
logs=${TMPDIR:-/tmp}
p=0 f=0 s=0 n=0
counts=$(mktemp -d)
trap 'rm -rf "$counts"' EXIT

# pass NAME LOG KIND VAR=value...: one pass of KIND with these variables,
# its output added to LOG, its counts to the sums.  Fails when it wrote no
# counts.
pass() {
	local name=$1 log=$2 kind=$3 a b c
	shift 3
	n=$((n + 1))
	env "$@" TEST_COUNTS="$counts/$n" TEST_BUILT="$counts/$n.built" \
		"${TEST_PASS:-$H/testpass.sh}" "$kind" 2>&1 | tee -a "$log" || true
	if read -r a b c 2>/dev/null < "$counts/$n" && [[ "$a $b $c" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
		p=$((p + a)) f=$((f + b)) s=$((s + c))
	else
		echo "make test: the $name pass wrote no counts: it did not finish (counted as one failure)" >&2
		f=$((f + 1))
		return 1
	fi
}

case ${ARCH:-x86_64} in
x86_64|x86) arch='' what='' ;;
*) arch=$ARCH what="$ARCH, " ;;
esac
case ${DEBUG:-} in
0) builds=0 what+="default build" ;;
1) builds=1 what+="debug build" ;;
*) builds="0 1" what+="default and debug builds" ;;
esac
checks=1
for v in $builds; do
	log=$logs/oomreap-test${arch:+-$arch}-$v.log
	: > "$log"
	built=0
	pass "DEBUG=$v" "$log" guest DEBUG="$v" && [ -e "$counts/$n.built" ] && built=1
	# The static checks after the first guest pass, on its build, when it
	# built (and finished).
	[ "$checks" = 1 ] || continue
	checks=0
	if [ -n "$arch" ]; then
		echo "make test: static checks not run on $arch: they check x86_64 builds (make test runs them)" |
			tee -a "$log" >&2
		s=$((s + 1))
	elif [ $built = 1 ]; then
		pass "static checks" "$log" checks DEBUG="$v" || true
	fi
done
if [ -z "$arch" ] && [ -z "${DEBUG:-}" ] && [ "${ARM64:-0}" = 1 ]; then
	what+=", arm64 default build"
	log=$logs/oomreap-test-arm64-0.log
	: > "$log"
	pass arm64 "$log" guest ARCH=arm64 DEBUG=0 || true
fi
echo "make test ($what): $p passed, $f failed, $s skipped" >&2
echo "$p passed, $f failed, $s skipped"
[ "$f" = 0 ]
