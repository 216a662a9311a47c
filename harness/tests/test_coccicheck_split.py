# SPDX-License-Identifier: GPL-2.0
"""harness/coccicheck-split.sh, the CHECK of checks.sh's coccinelle runs:
every semantic patch of a tree runs once on the file make names, shared
among COCCI_JOBS processes, each process's output printed whole, and a
failure of scripts/coccicheck comes back as its exit status and its
"coccicheck failed" line.  scripts/coccicheck is faked: it prints the
semantic patch and the file it was given."""
import os
import subprocess
import tempfile
import unittest

SPLIT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                     "coccicheck-split.sh")

FAKE_COCCICHECK = """#!/bin/bash
echo "report ${COCCI##*/} on ${@: -1}"
if [ "${COCCI##*/}" = "${FAIL_ON:-none}" ]; then echo "coccicheck failed"; exit 3; fi
"""


class Split(unittest.TestCase):
    def tree(self, tmp, names):
        os.makedirs(os.path.join(tmp, "scripts", "coccinelle", "api"))
        os.makedirs(os.path.join(tmp, "scripts", "coccinelle", "misc"))
        for n in names:
            open(os.path.join(tmp, "scripts", "coccinelle", n), "w").close()
        path = os.path.join(tmp, "scripts", "coccicheck")
        with open(path, "w") as f:
            f.write(FAKE_COCCICHECK)
        os.chmod(path, 0o755)

    def run_split(self, tmp, jobs, fail_on=None):
        env = dict(os.environ, srctree=tmp, COCCI_JOBS=str(jobs))
        if fail_on:
            env["FAIL_ON"] = fail_on
        return subprocess.run(["bash", SPLIT, "-D__KERNEL__", "mm/oom_kill.c"], env=env,
                              capture_output=True, text=True)

    def test_every_semantic_patch_once(self):
        names = ["api/a.cocci", "api/b.cocci", "misc/c.cocci", "misc/d.cocci", "misc/e.cocci"]
        for jobs in (1, 2, 3, 8):
            with self.subTest(jobs=jobs), tempfile.TemporaryDirectory() as tmp:
                self.tree(tmp, names)
                r = self.run_split(tmp, jobs)
                self.assertEqual(r.returncode, 0, r.stderr)
                lines = sorted(r.stdout.splitlines())
                self.assertEqual(lines, sorted(f"report {n.split('/')[1]} on mm/oom_kill.c" for n in names))

    def test_failure_is_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.tree(tmp, ["api/a.cocci", "api/b.cocci", "misc/c.cocci"])
            r = self.run_split(tmp, 2, fail_on="b.cocci")
            self.assertEqual(r.returncode, 3)
            self.assertIn("coccicheck failed", r.stdout)

    def test_needs_make(self):
        env = {k: v for k, v in os.environ.items() if k != "srctree"}
        r = subprocess.run(["bash", SPLIT, "x.c"], env=env, capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("srctree", r.stderr)


if __name__ == "__main__":
    unittest.main()
