# SPDX-License-Identifier: GPL-2.0
"""What the scenarios of make bench share: reading a scenario's folder
(its guest's victims file, its boots) and the rows of the report."""
import collections
import os
import re
import statistics

import benchstats
import timeline

KERNELS = ("base", "patched")


def tags_by_pid(d):
    """The guest's victims file of scenario folder @d: pid -> its tags."""
    return {int(kv["pid"]): kv for kv in timeline.read_fields(os.path.join(d, "victims")) if "pid" in kv}


def victim_lines(d):
    """The guest's victims file of @d: pid -> its whole line ("opts=-a 24
    -w 5000": the options have spaces)."""
    with open(os.path.join(d, "victims"), encoding="utf-8") as f:
        return {int(ln.split()[0][4:]): ln for ln in f if ln.startswith("pid=")}


def boot_dirs(out, name):
    """The boots of a CPU-bound scenario in order: [(boot, kernel, dir)]."""
    boots = []
    for d in os.listdir(out):
        m = re.fullmatch(rf"bench-{name}-(base|patched)-(\d+)", d)
        if m:
            boots.append((int(m.group(2)), m.group(1), os.path.join(out, d)))
    return sorted(boots)


def tagged_victims(out, scenario, tag):
    """(kernel, its tags, victim) for every victim of @scenario's runs
    that carries @tag, bystanders left out."""
    for k in KERNELS:
        d = os.path.join(out, f"bench-{scenario}-{k}")
        tags = tags_by_pid(d)
        for v in timeline.build(timeline.parse(os.path.join(d, "trace")),
                                os.path.join(d, "victims")):
            kv = tags.get(v.pid)
            if kv and kv.get("role") != "bystander" and tag in kv:
                yield k, kv, v


def reaped_mib_secs(v):
    """MiB oom_reap_result says the reap freed, and the seconds from
    start_task_reaping to finish_task_reaping; None if not reaped."""
    if v.reaped is None or v.reap_start is None or not v.finished:
        return None
    freed = sum(int(n) for n in timeline.fields(v.freed).values())
    return freed * 4096 / 2**20, v.finished - v.reap_start


def med(xs):
    return statistics.median(xs) if xs else float("nan")


class Row(collections.namedtuple("Row", "scenario metric base patched n unit fmt ratio")):
    """One line of a results table: @base and @patched are numbers shown
    with @fmt and @unit (None: "-"), or text with fmt "{}"; @n the counts
    (base, patched) behind them, where the metric has any; @ratio the
    last column, as text.  A headline row has no scenario."""

    def cells(self):
        def show(x):
            return ("-" if x is None else self.fmt.format(x)) + self.unit
        return ([self.scenario] if self.scenario is not None else []) + \
            [self.metric, show(self.base), show(self.patched), self.ratio]


class SideRow(Row):
    """A row where either side may be None: "-" with no unit."""
    __slots__ = ()

    def cells(self):
        def show(x):
            return "-" if x is None else self.fmt.format(x) + self.unit
        return [self.scenario, self.metric, show(self.base), show(self.patched), self.ratio]


def row(scn, metric, b, q, unit="", fmt="{:.0f}", n=None):
    """A results row; its ratio patched/base, "-" without both."""
    ratio = f"{q / b:.2f}" if b and b == b and q == q else "-"
    return Row(scn, metric, b, q, n, unit, fmt, ratio)


def side_row(scn, metric, b, q, unit="", fmt="{:.0f}", n=None):
    """A SideRow; its ratio patched/base, "-" without both."""
    return SideRow(scn, metric, b, q, n, unit, fmt, f"{q / b:.2f}" if b and q is not None else "-")


def head(what, b, q, unit=" ms", fmt="{:.0f}"):
    """A headline row; its ratio patched/base, "nan" without both."""
    ok = b == b and q == q and b is not None and q is not None
    return Row(None, what, b, q, None, unit, fmt, f"{q / b if ok and b else float('nan'):.2f}")


def interval_row(scn, metric, b, q, unit, fmt, n):
    """A row of means with the 95% interval of their ratio (benchstats)."""
    return Row(scn, metric, statistics.fmean(b), statistics.fmean(q), n, unit, fmt,
               benchstats.fmt_ratio(benchstats.ratio_interval(b, q)))
