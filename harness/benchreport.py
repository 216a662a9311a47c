#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a make bench results folder as markdown, write its CSVs and plot.

  benchreport.py OUT RUNS BASE_DESC

Reads OUT/bench-<scenario>-<kernel>/ for the kernels "base" and "patched"
through each scenario's module (harness/bench/, listed in bench.SCENARIOS),
writes OUT/<scenario>.csv, OUT/hol.png (when gnuplot is there) and prints
the markdown report.  Every number comes from the guests' traces (trace
timestamps) or the guests' own timing.
"""
import csv
import importlib
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import bench  # noqa: E402


def module(s):
    return importlib.import_module("bench." + s.module)


def write_csv(out, name, header, rows):
    """OUT/NAME.csv: the header, then the rows."""
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def read_all(out):
    """Each scenario that ran: its name -> its result; its CSV written."""
    res = {}
    for s in bench.SCENARIOS:
        m = module(s)
        got = m.read(out)
        if got is None:
            continue
        res[s.name], rows = got
        if getattr(m, "CSV", None):
            write_csv(out, s.name, m.CSV, rows)
    return res


def tables(res):
    """The headline rows and the scenario rows of the results @res."""
    heads = [r for name in bench.HEADLINE if name in res
             for r in module(bench.scenario(name)).headline(res[name])]
    rows = [r for s in bench.SCENARIOS if s.name in res for r in module(s).table(res[s.name])]
    return heads, rows


def print_table(header, rows):
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for r in rows:
        cells = r.cells()
        print("| " + " | ".join(cells) + (" |" if cells[-1] else "|"))


def main():
    out, runs, base_desc = sys.argv[1], sys.argv[2], sys.argv[3]
    res = read_all(out)
    heads, rows = tables(res)
    plotted = "hol" in res and module(bench.scenario("hol")).plot(out, res["hol"])
    print(f"Benchmark of {time.strftime('%Y-%m-%d')}, `make bench RUNS={runs}`, on "
          f"{platform.node()} ({os.cpu_count()} CPUs, {platform.machine()}); guests: "
          "QEMU microvm, 2 vCPUs, 2 GiB; TCG with wall-clock time for the scenarios whose "
          "times include waiting, icount (1 ns per instruction) for fast and threads.")
    print(f"Kernels: **base** = Debian 6.12 base + the series up to \"{base_desc}\" "
          "(the stable fix, thawing every thread, the top-down walk, the tracepoints and the "
          "test module: no reaper policy change); **patched** = the whole series.")
    print()
    print_table("| headline | base | patched | patched/base |", heads)
    print()
    print("Ratios in brackets: 95% interval (Welch, on logarithms; benchstats.py).")
    print()
    print_table("| scenario | metric | base | patched | patched/base |", rows)
    print()
    if plotted:
        print(f"Plot: `{os.path.basename(out)}/hol.png`. Raw traces and CSVs: `{out}`.")
    else:
        print(f"Raw traces and CSVs: `{out}` (no head-of-line run, or gnuplot missing: no plot).")


if __name__ == "__main__":
    main()
