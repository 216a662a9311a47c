# SPDX-License-Identifier: GPL-2.0
"""Exit-only memory (guest/bench-exit.sh): victims whose memory only their
exit frees; kills and OOM stall per episode, keyed (kernel, kind,
deadline, wait)."""
import os
import statistics

import timeline
from bench.common import KERNELS, head, med, row, tags_by_pid

CSV = ["kernel", "kind", "deadline_ms", "wait_for_exit", "run", "oom_kills_in_memcg", "oom_stall_ms"]

# The exit-only kinds of guest/bench-exit.sh, in the order of its report.
KINDS = ["pgtables", "hugetlb", "hugetlb_quick", "notifier", "hugetlb_shared", "hugetlb_uncharged", "slow_close",
         "exit_blocked"]

# The values of vm.oom_reap_wait_for_exit an episode ran with, in the order
# of the report: the default (0), waiting for an exit that frees charged
# hugetlb (1), and "legacy": a patched kernel's episode recorded before the
# guest tagged the wait, on a series from before the sysctl, whose reaper
# always waited (neither 0 nor 1 of the sysctl: reported on its own rows).
# The base kernel has no such sysctl: "none".
WAITS = ["0", "1", "legacy"]
WAIT_LABELS = {"legacy": "legacy kernel (before vm.oom_reap_wait_for_exit, always waited)",
               "none": "no vm.oom_reap_wait_for_exit"}


def wait_tag(kernel, kv):
    """The wait tag of an exit.txt line: the guest's, or, on a line recorded
    before the guest wrote one, "none" on the base kernel and "legacy" on
    the patched one."""
    return kv.get("wait") or ("none" if kernel == "base" else "legacy")


def memcg(kv):
    """The memcg of an exit.txt line's episode: exit.KIND.DEADLINE.wWAIT.RUN
    (exit.KIND.DEADLINE.RUN when recorded before the wait tag)."""
    dl = kv.get("deadline", "none")
    w = f"w{kv['wait']}." if kv.get("wait") else ""
    return f"exit.{kv['kind']}.{dl}.{w}{kv['run']}"


def read(out):
    """Kills and OOM stall per exit-only episode (one memcg each), keyed
    (kernel, kind, deadline, wait): see WAITS; None without the base
    kernel's folder.

    The stall is how long the memcg's OOM stayed unresolved after the
    victim's kill: until the first of a second kill in the memcg, the
    victim's exit (exit_mmap() setting MMF_OOM_SKIP) or its release after
    a complete reap.
    """
    if not os.path.exists(os.path.join(out, "bench-exit-base")):
        return None
    res = {}
    rows = []
    for k in KERNELS:
        d = os.path.join(out, "bench-exit-" + k)
        tags = tags_by_pid(d)
        victims = timeline.build(timeline.parse(os.path.join(d, "trace")),
                                 os.path.join(d, "victims"))
        kills_by_memcg = {}
        for v in victims:
            kills_by_memcg.setdefault(v.memcg, []).append(v.killed)
        stall = {}
        for v in victims:
            kv = tags.get(v.pid, {})
            if kv.get("role") == "bystander" or v.memcg in stall:
                continue
            ends = [t for t in kills_by_memcg.get(v.memcg, []) if t > v.killed]
            # The base kernel releases a victim right after its reap and
            # has no oom_reap_release event: its reap's end is the release.
            released = v.released if v.release_reason == "reaped" else v.reaped if k == "base" else None
            ends += [t for t in (v.exited, released) if t]
            stall[v.memcg] = min(ends) - v.killed if ends else None
        for kv in timeline.read_fields(os.path.join(d, "exit")):
            kills = int(kv.get("kills") or 0)
            dl, w = kv.get("deadline", "none"), wait_tag(k, kv)
            s = stall.get(memcg(kv))
            res.setdefault((k, kv["kind"], dl, w), []).append((kills, s))
            rows.append([k, kv["kind"], dl, w, kv["run"], kills,
                         "" if s is None else round(s * 1000)])
    return res, rows


def kinds(ex):
    return sorted({kind for (_, kind, _, _) in ex}, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))


def waits(ex):
    """The patched kernel's wait tags in @ex, in the order of WAITS."""
    return sorted({w for (k, _, _, w) in ex if k == "patched"},
                  key=lambda w: (WAITS.index(w) if w in WAITS else len(WAITS), w))


def wait_label(w):
    return WAIT_LABELS.get(w, f"vm.oom_reap_wait_for_exit={w}")


def base(ex, kind):
    """The base kernel's episodes of @kind (no deadline, no wait sysctl)."""
    return ex.get(("base", kind, "none", "none"), [])


def stalls(runs):
    return [s * 1000 for _, s in runs if s is not None]


def headline(ex):
    """Per kind, the patched kernel at its defaults: deadline 1000 ms, wait
    0; a run recorded before the wait tag has only its legacy rows, named
    so."""
    out = []
    wait = "0" if any(k == "patched" and w == "0" for (k, _, _, w) in ex) else "legacy"
    what = "default deadline and wait" if wait == "0" else f"default deadline, {wait_label(wait)}"
    for kind in kinds(ex):
        b, q = base(ex, kind), ex.get(("patched", kind, "1000", wait), [])
        if b and q:
            out.append(head(f"exit-only {kind}, {what}: OOM kills per episode, mean",
                            statistics.mean(x for x, _ in b), statistics.mean(x for x, _ in q), "", "{:.2f}"))
            out.append(head(f"exit-only {kind}, {what}: OOM stall after the kill, median",
                            med(stalls(b)), med(stalls(q))))
    return out


def table(ex):
    """Per kind, per deadline of the patched kernel and per wait (WAITS):
    a pair of rows, each beside the same base episodes."""
    out = []
    deadlines = sorted({d for (k, _, d, _) in ex if k == "patched"}, key=lambda d: int(d) if d.isdigit() else 0)
    when = {"hugetlb_quick": "exiting ~2.5 s after the kill", "slow_close": "closing a VMA 5 s in its exit",
            "exit_blocked": "whose exit waits for mmap_write_lock behind a reader until ~4 s after the kill"}
    for kind in kinds(ex):
        b = base(ex, kind)
        for dl in deadlines:
            for w in waits(ex):
                q = ex.get(("patched", kind, dl, w), [])
                if not (b and q):
                    continue
                cond = f"deadline {dl} ms, {wait_label(w)}"
                out.append(row("exit-only memory", f"{kind} victim {when.get(kind, 'exiting ~4 s after the kill')}, "
                               f"{cond}: OOM kills per episode, mean (n={len(b)}/{len(q)})",
                               statistics.mean(x for x, _ in b), statistics.mean(x for x, _ in q), "", "{:.2f}",
                               n=(len(b), len(q))))
                out.append(row("exit-only memory", f"{kind}, {cond}: OOM stall after the kill (to the next "
                               "kill, the victim's exit or its reap), median ms",
                               med(stalls(b)), med(stalls(q)), " ms"))
    return out
