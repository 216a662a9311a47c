#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CHECK for "make C=1 CHECK=.../coccicheck-split.sh MODE=report FILE.o":
# scripts/coccicheck on the one file make names, as scripts/coccicheck
# would run it, with its semantic patches shared among $COCCI_JOBS
# processes (default: the CPUs): coccicheck runs one spatch per semantic
# patch on one file, one after another, on one CPU.  The output of each
# process is printed whole, one after the other; "coccicheck failed" is
# printed as coccicheck prints it, and the exit status is the first
# failure's.
: "${srctree:?run by make C=1, which exports srctree}"
jobs=${COCCI_JOBS:-$(nproc)}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mapfile -t all < <(find "$srctree/scripts/coccinelle" -name '*.cocci' | LC_ALL=C sort)
for ((j = 0; j < jobs; j++)); do
	(
		for ((i = j; i < ${#all[@]}; i += jobs)); do
			COCCI=${all[i]} "$srctree/scripts/coccicheck" "$@" || { echo "exit $?" > "$tmp/rc.$j"; exit; }
		done
	) > "$tmp/out.$j" 2>&1 &
done
wait
for ((j = 0; j < jobs; j++)); do cat "$tmp/out.$j"; done
for ((j = 0; j < jobs; j++)); do
	[ -f "$tmp/rc.$j" ] && exit "$(cut -d' ' -f2 "$tmp/rc.$j")"
done
exit 0
