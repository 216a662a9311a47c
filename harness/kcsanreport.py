#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sort the KCSAN reports of a console log (make kcsan).

  kcsanreport.py TREE CONSOLE COUNTS

Each "BUG: KCSAN:" report is cut into its accesses and their stacks.  A
report is the series' when the top frame of either access (the function
the racing access is in, after inlining) is a function whose body the
series changes in TREE (base..HEAD, kernel files only); otherwise it is
the base kernel's.  The console's other kernel errors (by
harness/kernel-errors.txt, through kernelerrors.py), which boot.sh's
verdict would have named but make kcsan does not keep, are listed too.
Prints a Markdown report; exits 1 if any KCSAN report is the series' or
there is any other kernel error.  COUNTS is results.py's "passed failed
skipped" of the run.
"""
import collections
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernelerrors  # noqa: E402

TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')
ACCESS = re.compile(r'^(read|write|read-write|race at|read \(marked\)|write \(marked\)).*(by task|to 0x|origin).*:$')
FRAME = re.compile(r'^\s*([A-Za-z0-9_.]+)\+0x[0-9a-f]+/0x[0-9a-f]+')
DEF = re.compile(r'^[A-Za-z_][^;=]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\([^;]*$')


def git(tree, *args):
    return subprocess.run(['git', '-C', tree] + list(args), check=True,
                          capture_output=True, text=True).stdout


def changed_functions(tree):
    """Names of the functions whose body the series changes."""
    names = set()
    files = [f for f in git(tree, 'diff', '--name-only', 'base..HEAD').split()
             if f.endswith(('.c', '.h')) and not f.startswith(('tools/', 'scripts/', 'samples/'))]
    for f in files:
        lines = set()
        for m in re.finditer(r'^@@ -\S+ \+(\d+)(?:,(\d+))? @@', git(tree, 'diff', '-U0', 'base..HEAD', '--', f), re.M):
            start, n = int(m.group(1)), int(m.group(2) or 1)
            lines.update(range(start, start + max(n, 1)))
        text = git(tree, 'show', 'HEAD:' + f).split('\n')
        # A definition: a line naming the function at column 0, then its
        # body from a "{" to a "}" at column 0 (kernel style).
        cand, name, start = None, None, 0
        for i, line in enumerate(text, 1):
            m = DEF.match(line)
            if m and not line.startswith('#'):
                cand, start = m.group(1), i
            elif line.startswith('{') and cand:
                name = cand
            elif line.startswith('}') and name:
                if any(start <= n <= i for n in lines):
                    names.add(name)
                cand = name = None
            elif not line.strip() or line.startswith(('}', '#')):
                cand = None
    return names


def reports(console):
    out, cur, acc = [], None, None
    with open(console, errors='replace') as f:
        for raw in f:
            line = TS.sub('', raw.rstrip('\n'))
            if line.startswith('BUG: KCSAN:'):
                cur = {'title': line[len('BUG: '):], 'accesses': []}
                out.append(cur)
                acc = None
            elif cur is None:
                continue
            elif line.startswith('=====') or line.startswith('Reported by'):
                cur, acc = (None, None) if line.startswith('=====') else (cur, None)
            elif ACCESS.match(line):
                acc = {'what': line, 'frames': []}
                cur['accesses'].append(acc)
            elif acc is not None and FRAME.match(line):
                acc['frames'].append(FRAME.match(line).group(1).split('.')[0])
            elif acc is not None and not line.strip():
                acc = None
    return out


def other_errors(console):
    """The kernel errors of CONSOLE that are not a KCSAN report's title."""
    with open(console, errors='replace') as f:
        return [l for l in kernelerrors.splats(f) if 'BUG: KCSAN:' not in l]


def main():
    tree, console, counts = sys.argv[1:4]
    ours = changed_functions(tree)
    reps = reports(console)
    others = other_errors(console)
    by = collections.OrderedDict()
    for r in reps:
        tops = [a['frames'][0] for a in r['accesses'] if a['frames']]
        key = (r['title'], tuple(tops))
        by.setdefault(key, []).append(r)
    try:
        p, f, s = open(counts).read().split()
        tests = f'{p} passed, {f} failed, {s} skipped'
    except (OSError, ValueError):
        tests = 'no counts (the guest did not finish)'
    series = 0
    print('# make kcsan\n')
    print(f'Guest suite on the KCSAN kernel: {tests}.')
    print(f'KCSAN reports in the console: {len(reps)}, {len(by)} distinct (title and top frames).')
    print(f'Functions whose body the series changes: {len(ours)}.')
    print(f'Other kernel errors in the console: {len(others)}.\n')
    for line in others[:20]:
        print(f'- `{line}`')
    if others:
        print()
    if by:
        print('| reports | title | top frame of each access | whose |')
        print('|---|---|---|---|')
    for (title, tops), rs in by.items():
        whose = 'series' if any(t in ours for t in tops) else 'base'
        series += whose == 'series'
        print(f'| {len(rs)} | `{title}` | {", ".join("`%s`" % t for t in tops)} | {whose} |')
    print()
    for (title, tops), rs in by.items():
        print(f'## {title}\n')
        for a in rs[0]['accesses']:
            print(f'- {a["what"]} ' + ' <- '.join(a['frames'][:6]))
        print()
    return 1 if series or others else 0


if __name__ == '__main__':
    sys.exit(main())
