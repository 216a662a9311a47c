# SPDX-License-Identifier: GPL-2.0
"""Reserve (guest/bench-reserve.sh): what a large reservation of address
space never touched costs a reap."""
import os

from bench.common import KERNELS, med, reaped_mib_secs, row, tagged_victims

CSV = ["kernel", "kind", "reserve_tib", "run", "reap_ms", "freed_mib"]


def read(out):
    """Reap time with and without a reservation: ms from
    start_task_reaping to finish_task_reaping of each victim the reaper
    reaped, and MiB/s as in reap, keyed (kernel, kind, reserve TiB); None
    without the base kernel's folder."""
    if not os.path.exists(os.path.join(out, "bench-reserve-base")):
        return None
    res = {}
    rows = []
    for k, kv, v in tagged_victims(out, "reserve", "kind"):
        key = (k, kv["kind"], int(kv.get("reserve", 0)))
        ms = reaped_mib_secs(v)
        if not ms:
            rows.append([k, key[1], key[2], kv.get("run"), "", ""])
            continue
        mib, secs = ms
        res.setdefault(key, []).append((secs * 1000, mib / secs if secs > 0 else None))
        rows.append([k, key[1], key[2], kv.get("run"), round(secs * 1000, 1), round(mib)])
    return res, rows


def table(rs):
    """Per victim kind: reap time without and with the reservation on each
    kernel, their ratio on each kernel, and the anonymous victim's
    throughput."""
    out = []
    tbs = sorted({tb for (_, _, tb) in rs if tb})
    for kind, label in (("pgtables", "page-table victim (16 GiB sparse)"),
                        ("anon", "anonymous victim (1200 MiB)")):
        for tb in [0] + tbs:
            b = [ms for ms, _ in rs.get(("base", kind, tb), [])]
            q = [ms for ms, _ in rs.get(("patched", kind, tb), [])]
            if b or q:
                what = f"with a {tb} TiB PROT_NONE reservation" if tb else "without a reservation"
                out.append(row("reserve", f"{label} {what}: reap time, median ms (n={len(b)}/{len(q)})",
                               med(b), med(q), " ms", n=(len(b), len(q))))
        for tb in tbs:
            r = {}
            for k in KERNELS:
                without = med([ms for ms, _ in rs.get((k, kind, 0), [])])
                with_ = med([ms for ms, _ in rs.get((k, kind, tb), [])])
                ok = without == without and with_ == with_ and without
                r[k] = with_ / without if ok else None
            if r["base"] is not None or r["patched"] is not None:
                out.append(row("reserve", f"{label}: reap time with {tb} TiB reserved / without",
                               r["base"], r["patched"], fmt="{:.2f}"))
        if kind == "anon":
            for tb in [0] + tbs:
                b = [t for _, t in rs.get(("base", kind, tb), []) if t]
                q = [t for _, t in rs.get(("patched", kind, tb), []) if t]
                if b or q:
                    out.append(row("reserve", f"{label}, {tb} TiB reserved: freed by the reaper, median MiB/s "
                                   f"(n={len(b)}/{len(q)})", med(b), med(q), " MiB/s", n=(len(b), len(q))))
    return out
