#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of make mmtests: each mm selftest on the base and the patched
kernel, from run_vmtests.sh's TAP output.

  mmreport.py DIR "LEFT OUT CATEGORIES"

DIR holds base/ and patched/, the logs of one boot each, with a section
mm-CATEGORY per category run (guest/mmtests.sh).  Prints markdown, ending
in a line "Verdict: no regression" or "Verdict: REGRESSION: ...".
"""
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernelerrors  # noqa: E402

KERNELS = ("base", "patched")
# Why a category is not run at all (harness/mmtests.sh says the same).
LEFT_OUT_WHY = {
    "vmalloc": "needs the test_vmalloc module, which this config does not build",
    "hmm": "needs the test_hmm module (DEVICE_PRIVATE: ZONE_DEVICE, memory hotplug)",
    "pkey": "protection_keys_32 needs a 32-bit (multilib) compiler",
}
TITLE = re.compile(r"^# running (.*)$")
RESULT = re.compile(r"^(not )?ok \d+ (.*?)(?: # (SKIP|exit=(\d+)))?\s*$")
TRAILER = re.compile(r"^# mmtests: category (\S+) exit (\d+) after (\d+)s( killed)?")
TOTALS = re.compile(r"Totals: pass:(\d+) fail:(\d+) xfail:\d+ xpass:\d+ skip:(\d+) error:(\d+)")
NOSUDO = re.compile(r"^# SKIP (\./\S+)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def read(path, **kw):
    with open(path, **kw) as f:
        return f.read()


def pretty(cmd):
    return re.sub(r"^(bash )?\./", "", cmd.strip())


def why(lines, result):
    """The line of a test's own output that tells why it skipped or failed."""
    body = [re.sub(r"^# ", "", l).strip() for l in lines]
    body = [l for l in body if l and not l.startswith("-----") and l not in ("[PASS]", "[SKIP]", "[FAIL]")]
    fails = [l for l in body if re.search(r"\bFail$", l)]
    if result == "skip" and fails:
        # khugepaged exits with its count of failed cases: 4 of them
        # read as KSFT_SKIP to run_vmtests.sh.
        return ("not a skip: %d cases print Fail and the test exits with that count, "
                "which run_vmtests.sh takes for KSFT_SKIP (first: %s)" % (len(fails), fails[0]))[:200]
    if result == "skip":
        keys = ("SKIP", "skip", "Skip", "not supported", "not available", "Not enough", "unavailable")
    else:
        keys = ("not ok", "FAIL", "fail", "Fail", "error", "Error", "ERROR", "Bail out")
    hits = [l for l in body if any(k in l for k in keys) and not l.startswith("# Totals") and not l.startswith("Totals")]
    pick = hits[-1] if hits else (body[-1] if body else "")
    return pick[:160]


def parse_category(path):
    """{test: {result, why, totals, category}} and the category's trailer."""
    tests, cur, block, trailer = {}, None, [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = ANSI.sub("", f.read()).splitlines()
    for line in lines:
        m = TRAILER.match(line)
        if m:
            trailer = {"exit": int(m.group(2)), "secs": int(m.group(3)), "killed": bool(m.group(4))}
            continue
        m = TITLE.match(line)
        if m:
            cur, block = pretty(m.group(1)), []
            continue
        m = NOSUDO.match(line)
        # run_vmtests.sh prints this line whatever the category: it
        # belongs to mlock only.
        if m and os.path.basename(path) == "mm-mlock":
            tests[pretty(m.group(1))] = {"result": "skip", "why": "run_vmtests.sh runs it as nobody with sudo, which the guest has not", "totals": ""}
            continue
        m = RESULT.match(line)
        if m and cur is not None:
            if m.group(1):
                res = "fail"
            elif m.group(3) == "SKIP":
                res = "skip"
            else:
                res = "pass"
            t = ""
            for l in block:
                mt = TOTALS.search(l)
                if mt:
                    t = "pass %s fail %s skip %s error %s" % mt.groups()
            name = pretty(m.group(2))
            tests[name] = {"result": res, "why": why(block, res) if res != "pass" else "",
                           "totals": t}
            if res == "fail" and m.group(4):
                tests[name]["why"] = "exit %s%s" % (m.group(4), (": " + tests[name]["why"]) if tests[name]["why"] else "")
            cur, block = None, []
            continue
        if cur is not None:
            block.append(line)
    if cur is not None and trailer and trailer["killed"]:
        tests[cur] = {"result": "timeout", "why": "category killed after %ds while this test ran" % trailer["secs"], "totals": ""}
    elif cur is not None:
        tests[cur] = {"result": "fail", "why": "no result line (output ends in the test)", "totals": ""}
    return tests, trailer


# --- compute: the run's folder as data -----------------------------------

Run = collections.namedtuple("Run", "cats names res trailers env splats secs commit")


def read_kernel(d):
    """One kernel's folder DIR/KERNEL: its categories (in file order), its
    tests {name: result with its category}, {category: trailer}, the
    guest's mm-env (None without) and its console's splat lines (None
    without a console.log)."""
    cats, tests, trailers, env, splats = [], {}, {}, None, None
    for f in sorted(os.listdir(d)):
        if f.startswith("mm-") and f != "mm-env":
            c = f[3:]
            cats.append(c)
            found, trailers[c] = parse_category(os.path.join(d, f))
            for name, r in found.items():
                r["category"] = c
                tests[name] = r
    p = os.path.join(d, "mm-env")
    if os.path.exists(p):
        env = read(p, encoding="utf-8").strip()
    p = os.path.join(d, "console.log")
    if os.path.exists(p):
        with open(p, encoding="utf-8", errors="replace") as f:
            splats = kernelerrors.splats(f)
    return cats, tests, trailers, env, splats


def all_names(cats, res):
    """Every test either kernel ran, category by category, base's first."""
    names = []
    for c in cats:
        for k in KERNELS:
            for n, r in res[k].items():
                if r["category"] == c and n not in names:
                    names.append(n)
    return names


def read_run(out):
    """The Run of DIR: env, splats and secs only for the kernels that have
    them (secs only with the kernel's folder), commit "?" without a file."""
    cats, res, trailers = [], {k: {} for k in KERNELS}, {k: {} for k in KERNELS}
    env, splats, secs, commit = {}, {}, {}, {}
    for k in KERNELS:
        d = os.path.join(out, k)
        if os.path.isdir(d):
            kcats, res[k], trailers[k], e, s = read_kernel(d)
            cats += [c for c in kcats if c not in cats]
            if e is not None:
                env[k] = e
            if s is not None:
                splats[k] = s
            p = os.path.join(out, k + ".seconds")
            if os.path.exists(p):
                secs[k] = read(p).strip()
        p = os.path.join(out, k + ".commit")
        commit[k] = read(p).split(" ", 1)[1].strip() if os.path.exists(p) else "?"
    return Run(cats, all_names(cats, res), res, trailers, env, splats, secs, commit)


def counts(tests):
    """{result: number of tests}."""
    n = {}
    for r in tests.values():
        n[r["result"]] = n.get(r["result"], 0) + 1
    return n


def killed(run, k):
    """The categories of kernel K killed at their bound: [(category, trailer)]."""
    return [(c, t) for c, t in run.trailers[k].items() if t and t["killed"]]


def no_end_line(run, k):
    """The categories with no end line on kernel K (none if it has no results)."""
    return [c for c in run.cats if run.trailers[k].get(c) is None] if run.res[k] else []


def not_run(left_out):
    """[(category, why)] for the categories left out."""
    return [(c, LEFT_OUT_WHY.get(c, "not in MMCATS for this run")) for c in left_out]


def compare(run):
    """The tests that pass on base and not on patched, those that pass on
    patched and not on base, the categories with no end line on either
    kernel, and the number of tests both kernels ran."""
    res = run.res
    regress = [n for n in run.names if res["base"].get(n, {}).get("result") == "pass"
               and res["patched"].get(n, {}).get("result") != "pass"]
    better = [n for n in run.names if res["patched"].get(n, {}).get("result") == "pass"
              and res["base"].get(n, {}).get("result") not in ("pass", None)]
    cut = sorted({c for k in KERNELS for c in no_end_line(run, k)})
    both = sum(1 for n in run.names if n in res["base"] and n in res["patched"])
    return regress, better, cut, both


# --- print: the report ----------------------------------------------------

def print_head(out, run):
    print("# make mmtests: %s" % os.path.basename(out.rstrip("/")))
    print()
    for k in KERNELS:
        print("- %s: `%s`, guest %s s" % (k, run.commit[k], run.secs.get(k, "?")))
    for k in KERNELS:
        if k in run.env:
            print("- %s guest: %s" % (k, "; ".join(run.env[k].splitlines())))
    print()


def cell(r):
    return "-" if r is None else (r["result"] + (" (%s)" % r["totals"] if r["totals"] else ""))


def why_cell(b, p):
    whys = []
    for k, r in (("base", b), ("patched", p)):
        if r and r["why"]:
            whys.append("%s: %s" % (k, r["why"].replace("|", "/")))
    if b and p and b["why"] and b["why"] == p["why"]:
        whys = ["both: " + b["why"].replace("|", "/")]
    return "; ".join(whys)


def print_table(run):
    print("| category | test | base | patched | why (skip, fail) |")
    print("|---|---|---|---|---|")
    for n in run.names:
        b, p = run.res["base"].get(n), run.res["patched"].get(n)
        print("| %s | %s | %s | %s | %s |" % ((b or p)["category"], n, cell(b), cell(p), why_cell(b, p)))
    print()


def print_notes(run, left_out):
    for k in KERNELS:
        n = counts(run.res[k])
        print("- %s: %d passed, %d failed, %d skipped, %d timed out (of %d)" % (
            k, n.get("pass", 0), n.get("fail", 0), n.get("skip", 0), n.get("timeout", 0), len(run.res[k])))
    for k in KERNELS:
        bad = ["%s (exit %d after %ds%s)" % (c, t["exit"], t["secs"], ", killed" if t["killed"] else "")
               for c, t in killed(run, k)]
        missing = no_end_line(run, k)
        if bad:
            print("- %s: categories killed at their bound: %s" % (k, ", ".join(bad)))
        if missing:
            print("- %s: categories with no end line (guest cut short?): %s" % (k, ", ".join(missing)))
        if run.splats.get(k):
            print("- %s: kernel splats in the console: %s" % (k, " / ".join(run.splats[k][:5])))
        elif k in run.splats:
            print("- %s: no kernel splat in the console" % k)
    print("- not run: " + "; ".join("%s (%s)" % cw for cw in not_run(left_out)) +
          "; the destructive tests (-d: memory failure injection)")
    print()


def print_verdict(run):
    regress, better, cut, both = compare(run)
    if better:
        print("Pass on patched, not on base: " + ", ".join(better))
        print()
    if not run.res["base"] or not run.res["patched"]:
        print("Verdict: INCOMPLETE: no results from " + ", ".join(k for k in KERNELS if not run.res[k]))
    elif regress:
        print("Verdict: REGRESSION: pass on base, not on patched: " + ", ".join(
            "%s (%s)" % (n, run.res["patched"].get(n, {}).get("result", "not run")) for n in regress))
    elif cut:
        print("Verdict: no regression in the %d tests both kernels ran; INCOMPLETE: no end line for %s"
              % (both, ", ".join(cut)))
    else:
        print("Verdict: no regression")


def main():
    out, left_out = sys.argv[1], sys.argv[2].split()
    run = read_run(out)
    print_head(out, run)
    print_table(run)
    print_notes(run, left_out)
    print_verdict(run)


if __name__ == "__main__":
    main()
