#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Intervals for the ratios make bench reports (no scipy on the host).

A ratio of two kernels' times is taken on logarithms: the difference of
the mean logs of the patched and the base samples, with Welch's t interval
(unequal variances, Welch-Satterthwaite degrees of freedom), turned back
into a ratio.  The ratio is then the ratio of the geometric means, and the
interval is not symmetric around it.
"""
import math
import statistics

# Two-sided 95% Student t quantiles (t_0.975) for 1 to 30 degrees of
# freedom, then a few larger ones.  A fractional df (Welch's) is rounded
# down below 30, which widens the interval a little (the safe side), and
# interpolated linearly in 1/df above, within 0.1% of the exact quantile.
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365,
        8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160,
        14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
        20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
        26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021,
        60: 2.000, 120: 1.980}


def t975(df):
    """The 0.975 quantile of Student's t with df degrees of freedom (at
    least 1, maybe fractional; math.inf for the normal quantile)."""
    if not df >= 1:
        raise ValueError(f"degrees of freedom must be at least 1, not {df}")
    if df < 30:
        return T975[math.floor(df + 1e-9)]
    if df >= 120:
        return 1.960 + (T975[120] - 1.960) * 120 / df
    keys = sorted(T975)
    lo = max(k for k in keys if k <= df)
    hi = min(k for k in keys if k >= df)
    if lo == hi:
        return T975[lo]
    w = (1 / lo - 1 / df) / (1 / lo - 1 / hi)
    return T975[lo] + w * (T975[hi] - T975[lo])


def welch(a, b):
    """(mean(b) - mean(a), its standard error, Welch's degrees of freedom)."""
    if len(a) < 2 or len(b) < 2:
        raise ValueError(f"need two samples or more on each side, have {len(a)} and {len(b)}")
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    se = math.sqrt(va + vb)
    d = statistics.fmean(b) - statistics.fmean(a)
    if se == 0:
        return d, 0.0, math.inf
    df = (va + vb) ** 2 / ((va ** 2 / (len(a) - 1) if va else 0) + (vb ** 2 / (len(b) - 1) if vb else 0))
    return d, se, df


def ratio_interval(base, patched):
    """patched/base as (ratio, low, high) with a 95% interval, from two lists
    of positive samples (two or more each)."""
    if min(list(base) + list(patched)) <= 0:
        raise ValueError("samples of a ratio must be positive")
    d, se, df = welch([math.log(x) for x in base], [math.log(x) for x in patched])
    h = t975(max(df, 1)) * se
    return math.exp(d), math.exp(d - h), math.exp(d + h)


def verdict(lo, hi, within=0.01):
    """What an interval says of "patched within +-within of base"."""
    if 1 - within <= lo and hi <= 1 + within:
        return f"within {within:.0%}: shown"
    if hi < 1 - within or lo > 1 + within:
        return f"within {within:.0%}: refuted"
    return f"within {within:.0%}: not decided (the interval is wider than the claim)"


def percentile(xs, q):
    """The q-th percentile (0-100) of xs, nearest rank: a value that was
    measured, never one between two."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(1, math.ceil(q / 100 * len(s)))
    return s[k - 1]


def fmt_ratio(r):
    """"1.003 [0.995, 1.011]" for (ratio, low, high)."""
    return f"{r[0]:.3f} [{r[1]:.3f}, {r[2]:.3f}]"
