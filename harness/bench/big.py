# SPDX-License-Identifier: GPL-2.0
"""Big (guest/bench-big.sh): small victims falling due while a large one
is reaped, a held victim beside a large reap, two large victims reaped
together and one alone, with 2 vCPUs (bench-big-KERNEL, every part) and
with 1 (bench-big1-KERNEL, the parts "one" and "two": one reaper worker
on the patched kernel)."""
import collections
import os
import statistics

import benchstats
import timeline
from bench import scenario
from bench.common import KERNELS, head, med, side_row, tags_by_pid

CSV = ["kernel", "vcpus", "part", "run", "kind", "pid", "memcg", "size_mib", "killed_after_large_ms",
       "queued_to_reaped_ms", "reap_ms", "due_during_large_reap", "tries", "tries_before_giveup", "done",
       "slices", "workers", "kills_in_memcg", "episode_reap_ms", "reaper_threads"]


def reap_slices(events):
    """Per victim, keyed (pid, time of its mark_victim) as timeline.Victim's
    pid and killed: the slices of its reap (oom_reap_slice, the patched
    kernel's only) and the reaper workers named by its oom_reap_slice and
    oom_reap_result lines (worker=, and a slice's helper= when another
    worker reaped the part below it; none on the base kernel, whose one
    thread's oom_reap_attempt arg is a round, not a worker)."""
    out, current = {}, {}
    for e in events:
        pid = timeline.int_pid(e.fields)
        if pid is None:
            continue
        if e.name == "mark_victim":
            current[pid] = out.setdefault((pid, e.ts), {"slices": 0, "workers": set()})
        elif pid in current and e.name in ("oom_reap_slice", "oom_reap_result"):
            r = current[pid]
            r["slices"] += e.name == "oom_reap_slice"
            for key in ("worker", "helper"):
                if e.fields.get(key, "").isdigit():
                    r["workers"].add(int(e.fields[key]))
    return out


def ms(a, b):
    """ms from @a to @b (trace seconds), None without both."""
    return (b - a) * 1000 if a is not None and b is not None else None


def reap_ms(v):
    """Victim @v's reap: start_task_reaping (on the patched kernel, at its
    first slice) to oom_reap_result, ms; None if not reaped."""
    return ms(v.reap_start, v.reaped)


def tries(v):
    """oom_reap_attempt lines of @v up to its oom_reap_giveup; None if it
    was not given up."""
    return sum(t <= v.giveup for t in v.attempt_times) if v.giveup is not None else None


def episodes(d):
    """The episodes of one boot's folder @d: {(part, run): {kind: [(tags,
    victim)]}}, bystanders left out; and the kills (mark_victim) per memcg,
    bystanders in."""
    tags = tags_by_pid(d)
    events = timeline.parse(os.path.join(d, "trace"))
    victims = timeline.build(events, os.path.join(d, "victims"))
    kills = collections.Counter(v.memcg for v in victims)
    eps = {}
    for v in victims:
        kv = tags.get(v.pid)
        if kv and kv.get("role") != "bystander" and "part" in kv:
            eps.setdefault((kv["part"], kv.get("run", "1")), {}).setdefault(kv.get("kind", "?"), []).append((kv, v))
    for ep in eps.values():
        for vs in ep.values():
            vs.sort(key=lambda x: x[1].killed)
    return eps, kills, reap_slices(events)


def due_during(large, v):
    """Whether victim @v fell due (oom_reap_queue reason=queued) between
    the start and the end of @large's reap; None when either is missing."""
    if large is None or v.queued is None or large.reap_start is None or large.reaped is None:
        return None
    return large.reap_start <= v.queued <= large.reaped


def episode(r, part, ep, kills):
    """One episode's numbers into @r, the lists of one kernel and vCPU
    count: behind, "small_ms" (each small victim's wait from queued,
    oom_reap_queue reason=queued, to reaped, oom_reap_result), "small_n"
    (the small victims killed) and "small_during" (those that fell due
    during the large reap), "behind_large_ms" (the large reap); held,
    "held_tries" (the held victim's tries before its give-up), "held_n"
    (held victims killed, given up or not) and "held_kills" (mark_victim in
    its memcg, its bystander's kill too); two, "two_total_ms" (first
    start_task_reaping to last oom_reap_result of the two), "two_each_ms"
    and "two_overlap" (the total over the sum of the two reaps: 1.0 one
    after the other, 0.5 all of one during the other); one, "one_ms".
    Returns the total reap of a "two" episode, else None."""
    larges = [v for _, v in ep.get("large", [])]
    large = larges[0] if larges else None
    if part == "behind":
        for _, v in ep.get("small", []):
            r.setdefault("small_n", []).append(v.pid)
            if ms(v.queued, v.reaped) is not None:
                r.setdefault("small_ms", []).append(ms(v.queued, v.reaped))
            if due_during(large, v):
                r.setdefault("small_during", []).append(v.pid)
    if part in ("behind", "one") and large and reap_ms(large) is not None:
        r.setdefault("behind_large_ms" if part == "behind" else "one_ms", []).append(reap_ms(large))
    if part == "held":
        for _, v in ep.get("held", []):
            r.setdefault("held_n", []).append(v.pid)
            r.setdefault("held_kills", []).append(kills.get(v.memcg, 0))
            if tries(v) is not None:
                r.setdefault("held_tries", []).append(tries(v))
    if part == "two" and len(larges) == 2 and all(reap_ms(v) is not None for v in larges):
        total = ms(min(v.reap_start for v in larges), max(v.reaped for v in larges))
        each = [reap_ms(v) for v in larges]
        r.setdefault("two_total_ms", []).append(total)
        r.setdefault("two_each_ms", []).extend(each)
        if sum(each) > 0:
            r.setdefault("two_overlap", []).append(total / sum(each))
        return total
    return None


def csv_rows(kernel, vcpus, part, run, ep, kills, slices, total, reapers):
    """The CSV lines of one episode, one per victim."""
    rows = []
    large = ep["large"][0][1] if ep.get("large") else None

    def show(x, nd=1):
        return "" if x is None else round(x, nd)

    for kind, vs in ep.items():
        for kv, v in vs:
            sl = slices.get((v.pid, v.killed), {"slices": 0, "workers": set()})
            during = due_during(large, v) if kind != "large" else None
            rows.append([kernel, vcpus, part, run, kind, v.pid, v.memcg, kv.get("size", ""),
                         show(ms(large.killed, v.killed) if large else None), show(ms(v.queued, v.reaped)),
                         show(reap_ms(v)), "" if during is None else int(during), v.attempts,
                         show(tries(v)), "given up" if v.giveup else "reaped" if v.reaped else "exited first",
                         sl["slices"] or "", " ".join(str(w) for w in sorted(sl["workers"])),
                         kills.get(v.memcg, 0), show(total), reapers])
    return rows


def read(out):
    """Big: small victims falling due while a large one is reaped, a held
    victim beside a large reap, two large victims reaped together and one
    alone (guest/bench-big.sh), with 2 vCPUs and with 1: {"by": {(kernel,
    vcpus): a dict of lists (episode)}, "sizes": {(part, kind): the
    victims' sizes in MiB (their size= tags)}}, and one CSV row per victim;
    None without a trace of the scenario.  Its boots are the registry's
    (bench.SCENARIOS), each folder with its vCPUs."""
    res, rows, sizes = {}, [], {}
    for boot in scenario("big").boots:
        # Under icount, a key of its own: "1 icount", "2 icount".
        vcpus = f"{boot.vcpus} icount" if boot.clock == "icount" else boot.vcpus
        for k in KERNELS:
            d = os.path.join(out, f"bench-{boot.folder}-{k}")
            if not os.path.exists(os.path.join(d, "trace")):
                continue
            r = res.setdefault((k, vcpus), {})
            eps, kills, slices = episodes(d)
            # The guest's own account of the boot: cpus=, reapers= (its
            # oom_reaper threads), parts= and its knobs.
            info = {}
            if os.path.exists(os.path.join(d, "big")):
                for kv in timeline.read_fields(os.path.join(d, "big")):
                    info.update(kv)
            for (part, run), ep in sorted(eps.items(), key=lambda x: min(v.killed for vs in x[1].values()
                                                                           for _, v in vs)):
                total = episode(r, part, ep, kills)
                for kind, vs in ep.items():
                    for kv, _ in vs:
                        if kv.get("size", "").isdigit():
                            sizes.setdefault((part, kind), set()).add(int(kv["size"]))
                rows += csv_rows(k, vcpus, part, run, ep, kills, slices, total, info.get("reapers", ""))
    return ({"by": res, "sizes": sizes}, rows) if res else None


def size(bg, part, kind):
    """ "1200 MiB " when every victim of @kind in @part had that size, else
    "" (the label then goes without)."""
    sz = bg.get("sizes", {}).get((part, kind), set())
    return f"{next(iter(sz))} MiB " if len(sz) == 1 else ""


def headline(bg):
    b, q = (bg["by"].get((k, 2), {}).get("small_ms") for k in KERNELS)
    if not (b and q):
        return []
    return [head(f"big: {size(bg, 'behind', 'small')}victims falling due during a "
                 f"{size(bg, 'behind', 'large') or 'large '}reap (4 KiB pages), queued to reaped, p99",
                 benchstats.percentile(b, 99), benchstats.percentile(q, 99))]


def big_row(metric, b, q, unit=" ms", fmt="{:.0f}", n=None):
    """A big row, either side None: "-", no ratio."""
    return side_row("big", metric, b, q, unit, fmt, n)


def table(bg):
    """The big scenario's rows: small victims behind a large reap (2
    vCPUs), the large reap beside them, the held victim's tries and its
    memcg's kills, two large victims together and one alone with 2 and
    with 1 vCPU; each row only when a kernel has its data ("-" for one
    that has not)."""
    by = bg.get("by", {})

    def get(k, vcpus, key):
        return by.get((k, vcpus), {}).get(key, [])

    def pair(vcpus, key):
        return get("base", vcpus, key), get("patched", vcpus, key)

    def stat(xs, f=med):
        return f(xs) if xs else None

    def n(vcpus, key):
        b, q = pair(vcpus, key)
        return len(b), len(q)

    out = []
    large, small, held = (size(bg, "behind", "large") or "large ", size(bg, "behind", "small"),
                          size(bg, "held", "held"))
    b, q = pair(2, "small_ms")
    if b or q:
        nb, nq = n(2, "small_n")
        db, dq = n(2, "small_during")
        out.append(big_row(f"behind a {large}reap, 2 vCPUs: {small}victims falling due during it, queued to "
                           f"reaped (oom_reap_queue queued to oom_reap_result), p50 ms (n={len(b)}/{len(q)} "
                           f"reaped of {nb}/{nq} killed; fell due during the large reap: {db}/{dq})",
                           stat(b, lambda xs: benchstats.percentile(xs, 50)),
                           stat(q, lambda xs: benchstats.percentile(xs, 50)), n=(len(b), len(q))))
        out.append(big_row(f"behind a {large}reap, 2 vCPUs: {small}victims, queued to reaped, p99 ms "
                           f"(n={len(b)}/{len(q)})", stat(b, lambda xs: benchstats.percentile(xs, 99)),
                           stat(q, lambda xs: benchstats.percentile(xs, 99)), n=(len(b), len(q))))
    b, q = pair(2, "behind_large_ms")
    if b or q:
        out.append(big_row(f"behind, 2 vCPUs: the {large}victim's reap beside them (start_task_reaping to "
                           f"oom_reap_result), median ms (n={len(b)}/{len(q)})", stat(b), stat(q),
                           n=(len(b), len(q))))
    b, q = pair(2, "held_kills")
    if b or q:
        tb, tq = pair(2, "held_tries")
        nb, nq = n(2, "held_n")
        out.append(big_row(f"held: {held}victim holding its mmap_lock, falling due during a "
                           f"{size(bg, 'held', 'large') or 'large '}reap, 2 vCPUs: tries (oom_reap_attempt) "
                           f"before its give-up, median (n={len(tb)}/{len(tq)} given up of {nb}/{nq} killed)",
                           stat(tb), stat(tq), "", "{:.1f}", n=(len(tb), len(tq))))
        out.append(big_row(f"held: OOM kills in its memcg per episode (mark_victim), mean (n={len(b)}/{len(q)})",
                           stat(b, statistics.mean), stat(q, statistics.mean), "", "{:.2f}", n=(len(b), len(q))))
    two = size(bg, "two", "large")
    # n: episodes, but reaps (two per episode) for each one's reap.
    for key, label, unit, fmt, what in (
            ("two_total_ms", "total reap time (first start_task_reaping to last oom_reap_result), median ms",
             " ms", "{:.0f}", ""),
            ("two_each_ms", "each one's reap (start_task_reaping to oom_reap_result), median ms", " ms", "{:.0f}",
             " reaps"),
            ("two_overlap", "total reap time over the sum of their reaps (1.00: one after the other; 0.50: "
             "all of one during the other, side by side or in turns), median", "", "{:.2f}", "")):
        for vcpus in (2, 1):
            b, q = pair(vcpus, key)
            if b or q:
                out.append(big_row(f"two {two}victims killed together, {vcpus} vCPU{'s' if vcpus > 1 else ''}: "
                                   f"{label} (n={len(b)}/{len(q)}{what})", stat(b), stat(q), unit, fmt,
                                   n=(len(b), len(q))))
    for vcpus in (2, 1, "2 icount", "1 icount"):
        b, q = pair(vcpus, "one_ms")
        cpus, clock = str(vcpus).split()[0], " icount" in str(vcpus)
        if b or q:
            out.append(big_row(f"one {size(bg, 'one', 'large')}victim alone, {cpus} "
                               f"vCPU{'s' if cpus != '1' else ''}{' under icount (instructions as time)' if clock else ''}: "
                               f"its reap (start_task_reaping to oom_reap_result), "
                               f"median ms (n={len(b)}/{len(q)})", stat(b), stat(q), n=(len(b), len(q))))
    return out
