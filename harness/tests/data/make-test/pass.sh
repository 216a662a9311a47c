#!/bin/bash
# A fake pass of make test (harness/test.sh with DEBUG set), for
# test_make_test.py: FAKE_<DEBUG> says what it does: "counts P F S" writes
# the counts file and the summary line, "line P F S" prints only the
# summary line (a pass that died before writing its counts), "garbage"
# writes a counts file with no numbers.  FAKE_CHECKS, if set, is a file
# where each pass adds the static checks it was told to run.
what=FAKE_$DEBUG
# make test's arm64 pass on x86_64 (ARCH=arm64 DEBUG=0): FAKE_ARM64_0.
[ "${ARCH:-}" = arm64 ] && [ -n "${FAKE_ARM64_0:-}" ] && what=FAKE_ARM64_$DEBUG
# FAKE_CHECKS=file: each pass adds "DEBUG CHECKS" to it.
[ -z "${FAKE_CHECKS:-}" ] || echo "$DEBUG $CHECKS" >> "$FAKE_CHECKS"
# shellcheck disable=SC2086  # its words are the arguments
set -- ${!what}
case $1 in
counts)	echo "$2 $3 $4" > "$TEST_COUNTS"; echo "$2 passed, $3 failed, $4 skipped" ;;
line)	echo "$2 passed, $3 failed, $4 skipped" ;;
garbage) echo "Traceback" > "$TEST_COUNTS" ;;
esac
[ "${3:-1}" = 0 ]
