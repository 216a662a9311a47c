#!/bin/bash
# A fake pass of make test (harness/testpass.sh KIND), for
# test_make_test.py.  What it does comes from FAKE_<DEBUG> for a guest
# pass, FAKE_ARM64_<DEBUG> for make test's arm64 guest pass on x86_64
# (ARCH=arm64, when set) and FAKE_CHECKS for the static checks:
# "counts P F S" writes the counts file and the summary line (a guest pass
# also creates $TEST_BUILT, unless a fifth word "unbuilt" says its build
# failed), "line P F S" prints only the summary line (a pass that died
# before writing its counts), "garbage" writes a counts file with no
# numbers.  FAKE_RECORD=file: each pass adds "KIND ARCH DEBUG" to it.
what=FAKE_$DEBUG
[ "$1" = checks ] && what=FAKE_CHECKS
[ "$1" = guest ] && [ "${ARCH:-}" = arm64 ] && [ -n "${FAKE_ARM64_0:-}" ] && what=FAKE_ARM64_$DEBUG
[ -z "${FAKE_RECORD:-}" ] || echo "$1 ${ARCH:--} $DEBUG" >> "$FAKE_RECORD"
# shellcheck disable=SC2086  # its words are the arguments
set -- ${!what}
case $1 in
counts)	echo "$2 $3 $4" > "$TEST_COUNTS"; echo "$2 passed, $3 failed, $4 skipped"
	[ "${5:-}" = unbuilt ] || touch "$TEST_BUILT" ;;
line)	echo "$2 passed, $3 failed, $4 skipped" ;;
garbage) echo "Traceback" > "$TEST_COUNTS" ;;
esac
[ "${3:-1}" = 0 ]
