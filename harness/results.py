#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse the guest's KTAP with the kernel's own parser (kunit.py's
kunit_parser, which reads kselftest TAP too), print its report, and write
the counts for the summary line and the table of cases the other host
tools read instead of the KTAP.

  results.py TREE KTAP COUNTS [CASES]

COUNTS gets "passed failed skipped"; CASES, one line per thing counted,
"suite<TAB>case<TAB>result<TAB>reason": suite the names of the tests
around the case joined by ": " (empty at the top), result pass, fail or
skip, reason the result line's directive ("# SKIP why", "# exit status
1"); for a fail without one, the kselftest_harness checks that failed
(failed_checks()), what the parser found (TEST_CRASHED, ...) or why it
was counted.

A test binary whose own tests all passed but which exited with a failure
(or printed no test at all) counts as one failure of its own (its row:
the binary as the case), so a crash after the last "ok" is never lost.
KTAP the parser cannot read at all (a binary cut short before its plan
line) counts as one failure; COUNTS and CASES are written whatever
happens.
"""
import re
import sys

# A kselftest_harness check's message: "# file.c:123:test_name:message".
CHECK = re.compile(r"^\s*#\s*[\w.-]+\.[ch]:\d+:[^:]*:(.*)$")


def parse(tree, lines):
    """kunit_parser's tree of tests of LINES, with each result line's
    directive: (main test, {id(test): directive}, TestStatus)."""
    sys.path.insert(0, tree + "/tools/testing/kunit")
    import kunit_parser  # noqa: E402  (from the kernel tree)

    # kunit_parser keeps no directive: take it from the line each result
    # is parsed from, with the parser's own regexps.
    directives = {}
    parse_result = kunit_parser.parse_test_result

    def directive(line):
        skip = kunit_parser.TEST_RESULT_SKIP.match(line)
        if skip:
            return skip.group(5).strip()
        return (kunit_parser.TEST_RESULT.match(line).group(5) or "")[len(" # "):].strip()

    def parse_test_result(stream, test, *args):
        line = stream.peek()
        ok = parse_result(stream, test, *args)
        if ok:
            directives[id(test)] = directive(line)
        return ok

    kunit_parser.parse_test_result = parse_test_result
    try:
        return kunit_parser.parse_run_tests(lines), directives, kunit_parser.TestStatus
    finally:
        kunit_parser.parse_test_result = parse_result


def failed_checks(log):
    """The checks that failed in a kselftest_harness case's LOG: each
    "Expected ..." message, or the message logged right after it in its
    place, joined by "; "."""
    out, pending = [], ""
    for line in log:
        m = CHECK.match(line)
        if not m:
            continue
        msg = m.group(1)
        if msg.startswith("Expected "):
            out += [pending] if pending else []
            pending = msg
        elif pending and msg:
            out.append(msg)
            pending = ""
    return "; ".join(out + ([pending] if pending else []))


def rows(test, directives, status):
    """The table of a parsed main TEST: its rows (suite, case, result,
    reason), each leaf test one, each binary that failed with none of its
    own tests failing one more; and the FAILED lines to print."""
    out, problems = [], []

    def walk(t, suite):
        reason = directives.get(id(t), "")
        name = (suite + ": " if suite else "") + t.name
        if not t.subtests:
            if t.status == status.SUCCESS:
                out.append((suite, t.name, "pass", reason))
            elif t.status == status.SKIPPED:
                out.append((suite, t.name, "skip", reason))
            else:
                out.append((suite, t.name, "fail", reason or failed_checks(t.log) or
                            ("" if t.status == status.FAILURE else t.status.name)))
                problems.append(f"{name}: {t.status.name}")
            return
        before = len(problems)
        for s in t.subtests:
            walk(s, name)
        if t.status not in (status.SUCCESS, status.SKIPPED) and len(problems) == before:
            out.append((suite, t.name, "fail", "the binary itself failed" + (": " + reason if reason else "")))
            problems.append(f"{name}: {t.status.name} (the binary itself failed)")

    for s in test.subtests:
        walk(s, "")
    return out, problems


def write(counts_file, cases_file, table):
    """COUNTS from the TABLE's rows, and CASES (when given)."""
    n = {r: sum(1 for row in table if row[2] == r) for r in ("pass", "fail", "skip")}
    with open(counts_file, "w") as f:
        f.write(f"{n['pass']} {n['fail']} {n['skip']}\n")
    if cases_file:
        with open(cases_file, "w", encoding="utf-8") as f:
            for row in table:
                f.write("\t".join(x.replace("\t", " ") for x in row) + "\n")


def main():
    tree, ktap, counts_file = sys.argv[1:4]
    cases_file = sys.argv[4] if len(sys.argv) > 4 else None
    with open(ktap, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    try:
        test, directives, status = parse(tree, lines)
    except Exception as e:  # noqa: BLE001  (the parser's own errors are plain ones)
        # kunit_parser gives up on some output cut short (a binary that
        # crashed before its plan line): that is a failure, and the
        # counts must still be written.
        print(f"FAILED: the KTAP in {ktap} could not be parsed ({type(e).__name__}: {e})")
        write(counts_file, cases_file, [("", "", "fail", f"the KTAP could not be parsed ({type(e).__name__}: {e})")])
        return
    table, problems = rows(test, directives, status)
    if not test.subtests:
        table.append(("", "", "fail", "no test results"))
        problems.append("no test results in " + ktap)
    for p in problems:
        print("FAILED:", p)
    write(counts_file, cases_file, table)

if __name__ == "__main__":
    main()
