# SPDX-License-Identifier: GPL-2.0
"""The Makefile: every target is phony and has a "##" line that make help
prints, and every phony name has a rule."""
import os
import re
import subprocess
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Makefile(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(TOP, "Makefile"), encoding="utf-8") as f:
            self.text = f.read()
        self.targets = re.findall(r"^([a-z0-9-]+):", self.text, flags=re.M)

    def test_phony(self):
        phony = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", self.text, flags=re.M).group(1)
        self.assertEqual(sorted(phony.replace("\\", " ").split()), sorted(self.targets))

    def test_help_lists_every_target(self):
        r = subprocess.run(["make", "-s", "-C", TOP, "help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        listed = re.findall(r"^  ([a-z0-9-]+) ", r.stdout, flags=re.M)
        self.assertEqual(listed, self.targets)
        self.assertIn("  DEBUG=1", r.stdout)


if __name__ == "__main__":
    unittest.main()
