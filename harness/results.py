#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse the guest's KTAP with the kernel's own parser (kunit.py's
kunit_parser, which reads kselftest TAP too), print its report, and write
the counts for the summary line.

  results.py TREE KTAP COUNTS   COUNTS gets "passed failed skipped"

A test binary whose own tests all passed but which exited with a failure
(or printed no test at all) counts as one failure of its own, so a crash
after the last "ok" is never lost.  KTAP the parser cannot read at all
(a binary cut short before its plan line) counts as one failure; COUNTS
is written whatever happens.
"""
import sys


def main():
    tree, ktap, counts_file = sys.argv[1:4]
    sys.path.insert(0, tree + "/tools/testing/kunit")
    import kunit_parser  # noqa: E402  (from the kernel tree)
    from kunit_parser import TestStatus

    with open(ktap, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    passed = failed = skipped = 0
    problems = []
    try:
        test = kunit_parser.parse_run_tests(lines)
    except Exception as e:  # noqa: BLE001  (the parser's own errors are plain ones)
        # kunit_parser gives up on some output cut short (a binary that
        # crashed before its plan line): that is a failure, and the
        # counts must still be written.
        print(f"FAILED: the KTAP in {ktap} could not be parsed ({type(e).__name__}: {e})")
        with open(counts_file, "w") as f:
            f.write("0 1 0\n")
        return

    def walk(t, path):
        nonlocal passed, failed, skipped
        name = (path + ": " if path else "") + t.name
        if not t.subtests:
            if t.status == TestStatus.SUCCESS:
                passed += 1
            elif t.status == TestStatus.SKIPPED:
                skipped += 1
            else:
                failed += 1
                problems.append(f"{name}: {t.status.name}")
            return
        before = failed
        for s in t.subtests:
            walk(s, name)
        if t.status not in (TestStatus.SUCCESS, TestStatus.SKIPPED) and failed == before:
            failed += 1
            problems.append(f"{name}: {t.status.name} (the binary itself failed)")

    for s in test.subtests:
        walk(s, "")
    if not test.subtests:
        failed += 1
        problems.append("no test results in " + ktap)
    for p in problems:
        print("FAILED:", p)
    with open(counts_file, "w") as f:
        f.write(f"{passed} {failed} {skipped}\n")


if __name__ == "__main__":
    main()
