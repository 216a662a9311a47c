#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of make mmtests: each mm selftest on the base and the patched
kernel, from run_vmtests.sh's TAP output.

  mmreport.py DIR "LEFT OUT CATEGORIES"

DIR holds base/ and patched/, the logs of one boot each, with a section
mm-CATEGORY per category run (guest/mmtests.sh).  Prints markdown, ending
in a line "Verdict: no regression" or "Verdict: REGRESSION: ...".
"""
import os
import re
import sys

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


def main():
    out, left_out = sys.argv[1], sys.argv[2].split()
    LEFT_OUT_WHY.update({c: "not in MMCATS for this run" for c in left_out if c not in LEFT_OUT_WHY})
    res = {k: {} for k in KERNELS}
    cats, trailers, env, splats, secs = [], {k: {} for k in KERNELS}, {}, {}, {}
    for k in KERNELS:
        d = os.path.join(out, k)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.startswith("mm-") and f != "mm-env":
                c = f[3:]
                if c not in cats:
                    cats.append(c)
                tests, trailer = parse_category(os.path.join(d, f))
                trailers[k][c] = trailer
                for name, r in tests.items():
                    r["category"] = c
                    res[k][name] = r
        p = os.path.join(d, "mm-env")
        if os.path.exists(p):
            env[k] = open(p, encoding="utf-8").read().strip()
        p = os.path.join(d, "console.log")
        pat = re.compile(r"WARNING:|BUG:|Oops|general protection fault|Kernel panic|possible .*(deadlock|locking)|KASAN|UBSAN|blocked for more than|soft lockup|hard LOCKUP")
        if os.path.exists(p):
            with open(p, encoding="utf-8", errors="replace") as f:
                splats[k] = [l.strip() for l in f if pat.search(l)]
        p = os.path.join(out, k + ".seconds")
        if os.path.exists(p):
            secs[k] = open(p).read().strip()

    print("# make mmtests: %s" % os.path.basename(out.rstrip("/")))
    print()
    for k in KERNELS:
        p = os.path.join(out, k + ".commit")
        c = open(p).read().split(" ", 1)[1].strip() if os.path.exists(p) else "?"
        print("- %s: `%s`, guest %s s" % (k, c, secs.get(k, "?")))
    for k in KERNELS:
        if k in env:
            print("- %s guest: %s" % (k, "; ".join(env[k].splitlines())))
    print()
    print("| category | test | base | patched | why (skip, fail) |")
    print("|---|---|---|---|---|")
    names = []
    for c in cats:
        for k in KERNELS:
            for n, r in res[k].items():
                if r["category"] == c and n not in names:
                    names.append(n)
    for n in names:
        b, p = res["base"].get(n), res["patched"].get(n)
        cat = (b or p)["category"]
        cell = lambda r: "-" if r is None else (r["result"] + (" (%s)" % r["totals"] if r["totals"] else ""))
        whys = []
        for k, r in (("base", b), ("patched", p)):
            if r and r["why"]:
                whys.append("%s: %s" % (k, r["why"].replace("|", "/")))
        if b and p and b["why"] and b["why"] == p["why"]:
            whys = ["both: " + b["why"].replace("|", "/")]
        print("| %s | %s | %s | %s | %s |" % (cat, n, cell(b), cell(p), "; ".join(whys)))
    print()
    for k in KERNELS:
        counts = {}
        for r in res[k].values():
            counts[r["result"]] = counts.get(r["result"], 0) + 1
        print("- %s: %d passed, %d failed, %d skipped, %d timed out (of %d)" % (
            k, counts.get("pass", 0), counts.get("fail", 0), counts.get("skip", 0),
            counts.get("timeout", 0), len(res[k])))
    for k in KERNELS:
        bad = ["%s (exit %d after %ds%s)" % (c, t["exit"], t["secs"], ", killed" if t["killed"] else "")
               for c, t in trailers[k].items() if t and t["killed"]]
        missing = [c for c in cats if trailers[k].get(c) is None] if res[k] else []
        if bad:
            print("- %s: categories killed at their bound: %s" % (k, ", ".join(bad)))
        if missing:
            print("- %s: categories with no end line (guest cut short?): %s" % (k, ", ".join(missing)))
        if splats.get(k):
            print("- %s: kernel splats in the console: %s" % (k, " / ".join(splats[k][:5])))
        elif k in splats:
            print("- %s: no kernel splat in the console" % k)
    print("- not run: " + "; ".join("%s (%s)" % (c, LEFT_OUT_WHY[c]) for c in left_out) +
          "; the destructive tests (-d: memory failure injection)")
    print()
    regress = [n for n in names if res["base"].get(n, {}).get("result") == "pass"
               and res["patched"].get(n, {}).get("result") != "pass"]
    better = [n for n in names if res["patched"].get(n, {}).get("result") == "pass"
              and res["base"].get(n, {}).get("result") not in ("pass", None)]
    if better:
        print("Pass on patched, not on base: " + ", ".join(better))
        print()
    if not res["base"] or not res["patched"]:
        print("Verdict: INCOMPLETE: no results from " + ", ".join(k for k in KERNELS if not res[k]))
    elif regress:
        print("Verdict: REGRESSION: pass on base, not on patched: " + ", ".join(
            "%s (%s)" % (n, res["patched"].get(n, {}).get("result", "not run")) for n in regress))
    else:
        cut = sorted({c for k in KERNELS for c in cats if res[k] and trailers[k].get(c) is None})
        both = sum(1 for n in names if n in res["base"] and n in res["patched"])
        if cut:
            print("Verdict: no regression in the %d tests both kernels ran; INCOMPLETE: no end line for %s"
                  % (both, ", ".join(cut)))
        else:
            print("Verdict: no regression")


if __name__ == "__main__":
    main()
