# SPDX-License-Identifier: GPL-2.0
"""Head-of-line (guest/bench-hol.sh): reapable victims queued behind one
that holds its mmap_lock; each victim's wait from queued to reaped or
given up."""
import os

import gnuplot
import timeline
from bench.common import KERNELS, head, med, row, tags_by_pid, victim_lines

CSV = ["kernel", "run", "pid", "memcg", "kind", "killed_to_queued_ms", "queued_to_done_ms", "done", "attempts"]


def read(out):
    """One dict per victim (CSV's keys), bystanders left out; None
    without the base kernel's folder."""
    if not os.path.exists(os.path.join(out, "bench-hol-base")):
        return None
    rows = []
    for k in KERNELS:
        d = os.path.join(out, "bench-hol-" + k)
        tags, raw = tags_by_pid(d), victim_lines(d)
        opts = {pid: (kv.get("run", "1"), raw.get(pid, "")) for pid, kv in tags.items()}
        for v in timeline.build(timeline.parse(os.path.join(d, "trace")),
                                os.path.join(d, "victims")):
            if v.pid not in opts:
                continue
            run, line = opts[v.pid]
            if "bystander" in line:
                continue
            held = "-w" in line
            end = v.giveup if held else v.reaped
            if end is None and held:
                end = v.reaped
            rows.append({
                "kernel": k, "run": run, "pid": v.pid, "memcg": v.memcg,
                "kind": "mmap_lock held" if held else "stuck, reapable",
                "killed_to_queued_ms": round((v.queued - v.killed) * 1000) if v.queued else "",
                "queued_to_done_ms": round((end - v.queued) * 1000) if end and v.queued else "",
                "done": ("given up" if v.giveup else "reaped" if v.reaped else "exited first"),
                "attempts": v.attempts,
            })
    return rows, [[r[c] for c in CSV] for r in rows]


def waits(rows, kernel, kind):
    return [r["queued_to_done_ms"] for r in rows
            if r["kernel"] == kernel and r["kind"] == kind and r["queued_to_done_ms"] != ""]


def headline(rows):
    if not rows:
        return []
    return [head("head-of-line: reapable victim behind a held one, queued to reaped, median",
                 med(waits(rows, "base", "stuck, reapable")), med(waits(rows, "patched", "stuck, reapable")))]


def table(rows):
    out = []
    for kind in ("stuck, reapable", "mmap_lock held"):
        b, q = waits(rows, "base", kind), waits(rows, "patched", kind)
        if not (b or q):
            continue
        what = "reaped" if kind.startswith("stuck") else "released"
        out.append(row("head-of-line", f"{kind}: queued to {what}, median ms (n={len(b)}/{len(q)})",
                       med(b), med(q), " ms", n=(len(b), len(q))))
        out.append(row("head-of-line", f"{kind}: queued to {what}, max ms",
                       max(b, default=float('nan')), max(q, default=float('nan')), " ms"))
    return out


def plot(out, rows):
    """OUT/hol.png: each reapable victim's wait, one point per victim (the
    victims are independent: no line joins them)."""
    if not rows or not gnuplot.available():
        return False
    for k in KERNELS:
        with open(os.path.join(out, f"hol-{k}.dat"), "w") as f:
            i = 0
            for r in rows:
                if r["kernel"] == k and r["kind"] != "mmap_lock held" and r["queued_to_done_ms"] != "":
                    i += 1
                    f.write(f"{i} {r['queued_to_done_ms']}\n")
    return gnuplot.render(f"""set terminal pngcairo size 800,480 noenhanced
set output '{out}/hol.png'
set title 'Head-of-line: wait from queued to reaped, reapable victims'
set xlabel 'victim (all runs, in the order they were killed)'
set ylabel 'ms'
set yrange [0:*]
set grid
plot '{out}/hol-base.dat' with points pt 6 ps 1.3 title 'base', \\
     '{out}/hol-patched.dat' with points pt 7 ps 1.1 title 'patched'
""")
