#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of harness/benchstats.py: python3 -m unittest discover harness/tests"""
import math
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import benchstats as bs  # noqa: E402


class T975(unittest.TestCase):
    def test_table_values(self):
        self.assertEqual(bs.t975(1), 12.706)
        self.assertEqual(bs.t975(10), 2.228)
        self.assertEqual(bs.t975(30), 2.042)

    def test_fractional_df_rounds_down_below_30(self):
        self.assertEqual(bs.t975(6.9), bs.t975(6))
        self.assertEqual(bs.t975(5.9999999999), 2.447)

    def test_large_df_tends_to_the_normal_quantile(self):
        self.assertAlmostEqual(bs.t975(50), 2.009, places=2)
        self.assertAlmostEqual(bs.t975(10 ** 6), 1.960, places=3)
        self.assertEqual(bs.t975(math.inf), 1.960)

    def test_bad_df(self):
        self.assertRaises(ValueError, bs.t975, 0.5)
        self.assertRaises(ValueError, bs.t975, float("nan"))


class Welch(unittest.TestCase):
    def test_equal_variances_and_sizes_give_pooled_df(self):
        d, se, df = bs.welch([1, 2, 3], [4, 5, 6])
        self.assertEqual(d, 3)
        self.assertAlmostEqual(se, math.sqrt(2 / 3))
        self.assertAlmostEqual(df, 4)

    def test_unequal_variances(self):
        # va = 1/3, vb = 4/3 (variance 1 and 4 over 3 samples each):
        # df = (5/3)^2 / ((1/9 + 16/9) / 2) = 25/9 * 18/17 = 50/17.
        d, se, df = bs.welch([1, 2, 3], [2, 4, 6])
        self.assertEqual(d, 2)
        self.assertAlmostEqual(se, math.sqrt(5 / 3))
        self.assertAlmostEqual(df, 50 / 17)

    def test_needs_two_samples(self):
        self.assertRaises(ValueError, bs.welch, [1], [1, 2])


class Ratio(unittest.TestCase):
    def test_identical_samples(self):
        r, lo, hi = bs.ratio_interval([100.0, 100.0], [100.0, 100.0])
        self.assertEqual((r, lo, hi), (1.0, 1.0, 1.0))

    def test_interval_holds_the_ratio_of_geometric_means(self):
        base, patched = [100, 102, 98, 101], [110, 111, 109, 112]
        r, lo, hi = bs.ratio_interval(base, patched)
        gm = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))  # noqa: E731
        self.assertAlmostEqual(r, gm(patched) / gm(base))
        self.assertLess(lo, r)
        self.assertLess(r, hi)
        self.assertGreater(lo, 1.05)

    def test_swapping_the_kernels_inverts_the_interval(self):
        a, b = [100, 103, 99], [104, 101, 106]
        r1, lo1, hi1 = bs.ratio_interval(a, b)
        r2, lo2, hi2 = bs.ratio_interval(b, a)
        self.assertAlmostEqual(r1, 1 / r2)
        self.assertAlmostEqual(lo1, 1 / hi2)
        self.assertAlmostEqual(hi1, 1 / lo2)

    def test_refuses_non_positive(self):
        self.assertRaises(ValueError, bs.ratio_interval, [0, 1], [1, 2])


class Verdict(unittest.TestCase):
    def test_cases(self):
        self.assertIn("shown", bs.verdict(0.995, 1.008))
        self.assertIn("refuted", bs.verdict(1.02, 1.03))
        self.assertIn("refuted", bs.verdict(0.95, 0.98))
        self.assertIn("not decided", bs.verdict(0.985, 1.005))


class Percentile(unittest.TestCase):
    def test_nearest_rank(self):
        xs = list(range(1, 101))
        self.assertEqual(bs.percentile(xs, 50), 50)
        self.assertEqual(bs.percentile(xs, 99), 99)
        self.assertEqual(bs.percentile(xs, 100), 100)
        self.assertEqual(bs.percentile([7], 99), 7)
        self.assertTrue(math.isnan(bs.percentile([], 50)))


if __name__ == "__main__":
    unittest.main()
