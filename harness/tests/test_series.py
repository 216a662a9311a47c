# SPDX-License-Identifier: GPL-2.0
"""The series' presentation: cover.py's checks (subjects of at most 75
characters, "[PATCH vN NN/MM]", the cover letter's "Changes since vN-1:"
list), the series file make export writes, and make export itself on a
tree of two commits, in a copy of the harness (it writes patches/)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
TOP = os.path.dirname(HARNESS)
sys.path.insert(0, HARNESS)
import cover  # noqa: E402


def patch(subject, body="A change.\n"):
    # Folded the way git format-patch folds a long Subject: header.
    words, lines = subject.split(" "), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + len(w) > 60:
            lines.append("")
        lines[-1] += (" " if lines[-1] else "") + w
    head = "\n ".join(lines)
    return f"From 0 Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nSubject: {head}\n\n{body}"


COVER_BODY = ("The story.\n\nChanges since v2:\n- subjects of at most 75 characters\n\n"
              "A Name (2):\n  mm: one\n")


class Check(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        with open(os.path.join(self.dir.name, name), "w", encoding="utf-8") as f:
            f.write(text)

    def series(self, subject1, cover_body=COVER_BODY, prefix="PATCH v3"):
        self.write("0000-cover-letter.patch", patch(f"[{prefix} 00/02] mm: the series", cover_body))
        self.write("0001-one.patch", patch(f"[{prefix} 01/02] {subject1}"))
        self.write("0002-two.patch", patch(f"[{prefix} 02/02] selftests/mm: two"))
        return cover.check(self.dir.name, 3)

    def test_good(self):
        self.assertEqual(self.series("mm/oom_kill: " + "x" * 62), [])   # 75 characters

    def test_long_folded_subject(self):
        subject = "mm: hide an exiting mm from the OOM killer only once its page tables are freed"
        problems = self.series(subject)
        self.assertEqual(len(problems), 1)
        self.assertIn("0001-one.patch: subject of 78 characters", problems[0])
        self.assertIn(subject, problems[0])

    def test_prefix(self):
        problems = self.series("mm: one", prefix="PATCH")
        self.assertEqual(problems, ["3 patches without the subject prefix [PATCH v3 NN/MM] "
                                    "(first: 0000-cover-letter.patch): run make export"])

    def test_changes_since(self):
        problems = self.series("mm: one", "The story.\n\nA Name (2):\n  mm: one\n")
        self.assertEqual(problems, ['0000-cover-letter.patch: no "Changes since v2:" list (a line, then "- " items)'])
        # after the shortlog it is not the cover letter's
        self.assertTrue(self.series("mm: one", "The story.\n\nA Name (2):\n  mm: one\n\nChanges since v2:\n- x\n"))

    def test_read_keeps_changes(self):
        self.series("mm: one")
        text = cover.read(os.path.join(self.dir.name, "0000-cover-letter.patch"))
        self.assertEqual(text, "mm: the series\n\nThe story.\n\nChanges since v2:\n- subjects of at most 75 characters\n")


OLD_SERIES = """# The series (header).
# Applied by tree.sh.

# Step 1: trace
0001-mm-trace-it.patch

# Step 2: the reaper
# (two lines of comment)
0002-mm-reap-it.patch
0003-selftests-mm-test-it.patch
"""


class Series(unittest.TestCase):
    def test_keeps_groups(self):
        names = ["0001-mm-trace-it.patch", "0002-mm-reap-it-now.patch", "0003-selftests-mm-test-it.patch"]
        self.assertEqual(cover.series(OLD_SERIES, names, ["", "", ""]), OLD_SERIES.replace(
            "0002-mm-reap-it.patch", "0002-mm-reap-it-now.patch"))

    def test_follows_a_moved_patch(self):
        names = ["0001-selftests-mm-test-it.patch", "0002-mm-trace-it.patch", "0003-mm-reap-it.patch"]
        self.assertEqual(cover.series(OLD_SERIES, names, ["", "", ""]).split("\n\n", 1)[1],
                         "0001-selftests-mm-test-it.patch\n\n# Step 1: trace\n0002-mm-trace-it.patch\n\n"
                         "# Step 2: the reaper\n# (two lines of comment)\n0003-mm-reap-it.patch\n")

    def test_by_kind_without_groups(self):
        out = cover.series("", ["0001-a.patch", "0002-b.patch", "0003-c.patch"],
                           ["mm/oom_kill: trace x", "lib: add y", "selftests/mm: z"])
        self.assertEqual(out.split("\n\n", 1)[1], "# Core: tracing\n0001-a.patch\n\n# Test module\n0002-b.patch\n\n"
                         "# Selftests\n0003-c.patch\n")
        self.assertTrue(out.startswith(cover.DEFAULT_HEADER[0]))


@unittest.skipUnless(shutil.which("git"), "no git")
class Export(unittest.TestCase):
    """make export on a tree of two commits, in a copy of the harness."""

    def git(self, *args):
        subprocess.run(["git", "-C", self.tree, "-c", "user.name=A", "-c", "user.email=a@b", *args],
                       check=True, capture_output=True)

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.top = os.path.join(self.tmp.name, "top")
        os.makedirs(os.path.join(self.top, "patches"))
        shutil.copytree(HARNESS, os.path.join(self.top, "harness"), ignore=shutil.ignore_patterns("tests"))
        # lib.sh reads the architecture's file.
        shutil.copytree(os.path.join(TOP, "config", "qemu"), os.path.join(self.top, "config", "qemu"))
        shutil.copy(os.path.join(TOP, "IDENTITY"), self.top)
        with open(os.path.join(self.top, "patches", "series"), "w") as f:
            f.write("# Header.\n\n# Step 1\n0001-mm-one.patch\n# Step 2\n0002-mm-two.patch\n")
        self.tree = os.path.join(self.tmp.name, "tree")
        os.makedirs(self.tree)
        self.git("init", "-q", "-b", "series")
        for i, name in enumerate(("base", "mm: one", "mm: two")):
            with open(os.path.join(self.tree, "f"), "w") as f:
                f.write(f"{i}\n")
            self.git("add", "f")
            self.git("commit", "-q", "-m", name)
            if i == 0:
                self.git("tag", "base")

    def tearDown(self):
        self.tmp.cleanup()

    def export(self, description):
        self.git("config", "branch.series.description", description)
        env = dict(os.environ, TREE=self.tree, SERIES_VERSION="3")
        return subprocess.run(["bash", os.path.join(self.top, "harness", "export.sh")], env=env,
                              capture_output=True, text=True)

    def test_version_and_groups(self):
        r = self.export("mm: the series\n\nThe story.\n\nChanges since v2:\n- one change\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("Changes since", r.stderr)
        patches = os.path.join(self.top, "patches")
        self.assertEqual(cover.check(patches, 3), [])
        with open(os.path.join(patches, "0001-mm-one.patch")) as f:
            self.assertEqual(cover.header_subject(f.read()), "[PATCH v3 1/2] mm: one")
        with open(os.path.join(patches, "series")) as f:
            self.assertEqual(f.read(), "# Header.\n\n# Step 1\n0001-mm-one.patch\n\n# Step 2\n0002-mm-two.patch\n")

    def test_warns_without_changes(self):
        r = self.export("mm: the series\n\nThe story.\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('no "Changes since v2:" list', r.stderr)


if __name__ == "__main__":
    unittest.main()
