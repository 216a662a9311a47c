#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the tree's commits (base..series) back to patches/: one
# format-patch file per commit, subjects "[PATCH vN NN/MM]" with N from
# SERIES_VERSION (harness/lib.sh), the cover letter from the branch
# description, and the series file, its group comments kept.
# Deterministic: exporting an unchanged tree twice changes no file.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "the tree has uncommitted changes: commit them (git -C $TREE commit) before exporting"
n=$(git -C "$TREE" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "no commits on top of base in $TREE"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
desc=$(git -C "$TREE" config branch.series.description || true)
[ -n "$desc" ] || die "no cover letter: set it with git -C $TREE branch --edit-description"

prefix=PATCH
[ "$SERIES_VERSION" -le 1 ] || prefix="PATCH v$SERIES_VERSION"
run git -C "$TREE" -c core.abbrev=12 format-patch -q --no-signature --zero-commit \
	--cover-letter --cover-from-description=subject --no-thread --subject-prefix="$prefix" \
	-o "$tmp" base..HEAD
# format-patch dates the cover letter "now"; date it like the newest commit.
date=$(git -C "$TREE" log -1 --format='%aD' HEAD)
cover=$(ls "$tmp"/0000-*.patch)
sed -i "0,/^Date: /s/^Date: .*/Date: $date/" "$cover"
[ "$cover" = "$tmp/0000-cover-letter.patch" ] || mv "$cover" "$tmp/0000-cover-letter.patch"
# series: the group comments of patches/series kept (a group's comment
# stays before the patch it stood before); grouped by what the patches
# touch when it has none
"$TOP/harness/cover.py" series "$TOP/patches/series" "$tmp" > "$tmp/series"
# The cover letter of a version after the first lists what changed.
if [ "$SERIES_VERSION" -gt 1 ] &&
   ! grep -qx "Changes since v$((SERIES_VERSION - 1)):" "$tmp/0000-cover-letter.patch"; then
	warn "the cover letter has no \"Changes since v$((SERIES_VERSION - 1)):\" list (make checks fails):" \
		"add it to the branch description (git -C $TREE branch --edit-description)"
fi

# Replace patches/ content only where it changed.
changed=0
for f in "$tmp"/*; do
	bn=$(basename "$f")
	if ! cmp -s "$f" "$TOP/patches/$bn"; then
		cp "$f" "$TOP/patches/$bn"
		changed=$((changed + 1))
		log "wrote patches/$bn"
	fi
done
for f in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$f" ] || continue
	[ -e "$tmp/$(basename "$f")" ] && continue
	rm -f "$f"
	changed=$((changed + 1))
	log "removed patches/$(basename "$f")"
done
echo "$(series_hash) $(git -C "$TREE" rev-parse HEAD)" > "$TREE/.git/oomreap-stamp"
log "exported $n patches and the cover letter ($changed files changed)"
