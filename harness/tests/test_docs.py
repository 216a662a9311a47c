# SPDX-License-Identifier: GPL-2.0
"""README.md, docs/*.md and docs/results/*.md: every relative link and
image points at a file that exists (and at a heading of it, for
"#anchor"), and README's top part, before its map of docs/, fits one
screen."""
import glob
import os
import re
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
PAGES = [os.path.join(TOP, "README.md")] + sorted(glob.glob(os.path.join(TOP, "docs", "*.md")))
RESULTS = sorted(glob.glob(os.path.join(TOP, "docs", "results", "*.md")))


def text_outside_code(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path):
    """GitHub's anchors of the headings of a markdown file."""
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"^```.*?^```", "", f.read(), flags=re.M | re.S)
    return {re.sub(r"[^\w\- ]", "", m.lower()).replace(" ", "-")
            for m in re.findall(r"^#{1,6}\s+(.*?)\s*$", text, flags=re.M)}


def broken_links(path):
    bad = []
    for target in LINK.findall(text_outside_code(path)):
        if re.match(r"^[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
        if not os.path.exists(dest):
            bad.append(f"{os.path.relpath(path, TOP)}: {target}: no such file")
        elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
            bad.append(f"{os.path.relpath(path, TOP)}: {target}: no such heading")
    return bad


class Docs(unittest.TestCase):
    def test_links(self):
        bad = [b for p in PAGES + RESULTS for b in broken_links(p)]
        self.assertEqual(bad, [])

    def test_every_page_in_the_map(self):
        with open(PAGES[0], encoding="utf-8") as f:
            readme = f.read()
        for p in PAGES[1:]:
            self.assertIn(f"(docs/{os.path.basename(p)})", readme)

    def test_readme_top_fits_a_screen(self):
        with open(PAGES[0], encoding="utf-8") as f:
            lines = f.read().split("\n")
        top = next(i for i, x in enumerate(lines) if x.startswith("## "))
        self.assertLessEqual(top, 42)


if __name__ == "__main__":
    unittest.main()
