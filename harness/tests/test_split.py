# SPDX-License-Identifier: GPL-2.0
"""split.py, the guest-to-host framing: recorded streams in data/split/.

complete.txt is a whole stream (CRLF, as the virtio console gives it);
missing-end.txt has a section whose @@END never came before the next
@@BEGIN; truncated.txt stops in the middle of a section, with no @@EXIT.
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPLIT = os.path.join(os.path.dirname(HERE), "split.py")
DATA = os.path.join(HERE, "data", "split")


class Split(unittest.TestCase):
    def split(self, name):
        """(stdout, stderr, {file: text}) of split.py on data/split/NAME."""
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([sys.executable, SPLIT, os.path.join(DATA, name), d],
                               capture_output=True, text=True, check=True)
            files = {}
            for f in os.listdir(d):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    files[f] = fh.read()
            return r.stdout, r.stderr, files

    def test_complete(self):
        out, err, files = self.split("complete.txt")
        self.assertEqual(out, "0\n")
        self.assertEqual(err, "")
        self.assertEqual(sorted(files), ["dmesg", "ktap"])
        self.assertEqual(files["ktap"], "KTAP version 1\n1..1\nok 1 oom_reaper_test\n")

    def test_missing_end(self):
        # The cut section is not passed off as whole; the next one is kept.
        out, err, files = self.split("missing-end.txt")
        self.assertEqual(out, "0\n")
        self.assertNotIn("ktap", files)
        self.assertEqual(files["ktap.partial"], "KTAP version 1\n1..2\nok 1 oom_reaper_test\n")
        self.assertEqual(files["dmesg"], "[    0.000000] Linux version 6.12\n")
        self.assertIn("section 'ktap' has no @@END", err)

    def test_truncated(self):
        # No @@EXIT: nothing printed (boot.sh fails the run on that).
        out, err, files = self.split("truncated.txt")
        self.assertEqual(out, "")
        self.assertEqual(files["ktap"], "KTAP version 1\n1..1\nok 1 oom_reaper_test\n")
        self.assertNotIn("dmesg", files)
        self.assertIn("dmesg.partial", files)
        self.assertIn("section 'dmesg' has no @@END", err)


if __name__ == "__main__":
    unittest.main()
