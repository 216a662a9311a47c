#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Draw timeline.py's victims as a PNG with gnuplot: one row per victim.

  timeline.py --png OUT.png TRACE [VICTIMS]

The x axis is seconds since the first kill of the trace; each victim's row
shows its life after the kill (grey), its time in the reaper's queue
(queued until reaped, given up or gone; light blue), the reap attempts
(ticks, the ones that skipped in red), the time the reaper kept it from
the OOM killer for memory only its exit frees (orange), and markers for
killed, queued, reaped, released, given up and exited.  A kill in a memcg
that already had a victim in the trace is circled in red and labelled.
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gnuplot  # noqa: E402

MAX_ROWS = 80

# name in the key, gnuplot style; in the order they are drawn.
BARS = (
    ("life", "alive after the kill", "lc rgb '#c8c8c8' lw 3"),
    ("queue", "queued, not yet reaped", "lc rgb '#9ecae1' lw 9"),
    ("wait", "kept from the OOM killer (exit-only memory)", "lc rgb '#fdae6b' lw 9"),
    ("tries", "reap attempt", "lc rgb '#404040' lw 1.5"),
    ("skips", "attempt skipped (reason in the table)", "lc rgb '#d62728' lw 1.5"),
)
POINTS = (
    ("killed", "killed", "pt 2 ps 1.6 lw 2 lc rgb 'black'"),
    ("queued", "queued", "pt 9 ps 1.4 lc rgb '#3182bd'"),
    ("released", "released to the OOM killer", "pt 13 ps 2 lc rgb '#6a3d9a'"),
    ("reaped", "reaped", "pt 7 ps 1.2 lc rgb '#2ca02c'"),
    ("giveup", "given up at the deadline", "pt 5 ps 1.4 lc rgb '#d62728'"),
    ("exited", "exited (mm torn down)", "pt 4 ps 1.6 lw 2 lc rgb 'black'"),
    ("second", "another kill in the same memcg", "pt 6 ps 3 lw 2.5 lc rgb '#d62728'"),
)


def exited_at(v):
    return v.exited if v.exited is not None else v.thread_exit


def later_kills(victims):
    """pid -> memcg of every victim killed after another in its memcg."""
    seen, out = set(), {}
    for v in sorted(victims, key=lambda v: v.killed):
        if v.memcg in (None, "?", ""):
            continue
        if v.memcg in seen:
            out[v.pid] = v.memcg
        seen.add(v.memcg)
    return out


def end_of(v, *times):
    """The first of @times that happened, else the last thing seen of @v."""
    for t in times:
        if t is not None:
            return t
    seen = [t for t in (v.queued, v.reaped, v.giveup, v.released, exited_at(v), v.wait_start,
                        *v.attempt_times) if t is not None]
    return max(seen, default=v.killed)


def datablocks(victims, t0):
    """Per element of BARS and POINTS, its lines "x y [dx dy]"."""
    d = collections.defaultdict(list)
    n = len(victims)
    second = later_kills(victims)

    def bar(name, y, a, b, h=0.0):
        if a is not None and b is not None:
            d[name].append(f"{a - t0:.6f} {y - h:.2f} {b - a:.6f} {2 * h:.2f}")

    def point(name, y, t):
        if t is not None:
            d[name].append(f"{t - t0:.6f} {y}")
    for i, v in enumerate(victims):
        y = n - i
        gone = exited_at(v)
        bar("life", y, v.killed, end_of(v, gone))
        if v.queued is not None:
            bar("queue", y, v.queued, end_of(v, v.reaped, v.giveup, gone))
        if v.wait_start is not None:
            bar("wait", y, v.wait_start, end_of(v, v.released, v.giveup, gone))
        for t in v.attempt_times:
            bar("tries", y, t, t, 0.3)
        for t in v.skip_times:
            bar("skips", y, t, t, 0.3)
        for name, t in (("killed", v.killed), ("queued", v.queued), ("reaped", v.reaped),
                        ("released", v.released), ("giveup", v.giveup), ("exited", gone)):
            point(name, y, t)
        if v.pid in second:
            point("second", y, v.killed)
    return d, second


def script(victims, png, title):
    t0 = min(v.killed for v in victims)
    n = len(victims)
    d, second = datablocks(victims, t0)
    right = max(end_of(v) for v in victims) - t0
    ytics = ", ".join(f'"{v.pid} {v.memcg or "?"}" {n - i}' for i, v in enumerate(victims))
    out = [f"set terminal pngcairo size 1100,{max(320, 150 + 34 * n)} noenhanced font ',10'",
           f"set output '{png}'",
           f"set title \"OOM reaper timeline: {title}\"",
           "set xlabel 'seconds since the first kill'",
           "set ylabel 'victim (pid memcg), in the order killed'",
           f"set xrange [{-0.02 * (right or 1):.3f}:{right * 1.04 + 0.05:.3f}]",
           f"set yrange [0.3:{n + 0.7}]",
           f"set ytics ({ytics})",
           "set grid xtics",
           "set key outside below horizontal left Left reverse maxcols 3 samplen 2 width 2"]
    for i, v in enumerate(victims):
        if v.pid in second:
            out.append(f"set label 'kill {sum(1 for w in victims[:i + 1] if w.memcg == v.memcg)}"
                       f" in {second[v.pid]}' at {v.killed - t0:.6f},{n - i} "
                       "offset 1.5,0.9 textcolor rgb '#d62728'")
    for name, lines in d.items():
        out.append(f"${name} << EOD\n" + "\n".join(lines) + "\nEOD")
    plots = [f"${name} using 1:2:3:4 with vectors nohead {style} title '{key}'"
             for name, key, style in BARS if d.get(name)]
    plots += [f"${name} using 1:2 with points {style} title '{key}'"
              for name, key, style in POINTS if d.get(name)]
    out.append("plot " + ", \\\n     ".join(plots))
    return "\n".join(out) + "\n"


def plot(victims, png, title):
    """Write @png, the picture of @victims (timeline.build()); False when
    it could not be drawn (said on stderr)."""
    if not victims:
        print("timelineplot: no victim to draw", file=sys.stderr)
        return False
    if len(victims) > MAX_ROWS:
        print(f"timelineplot: {len(victims)} victims, drawing the first {MAX_ROWS}",
              file=sys.stderr)
        title += f" (first {MAX_ROWS} of {len(victims)} victims)"
        victims = victims[:MAX_ROWS]
    return gnuplot.render(script(victims, png, title.replace("'", "").replace('"', "")))
