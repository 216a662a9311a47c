#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make $TREE a git tree of the base kernel (one commit, tagged "base") with
# the series applied as commits on branch "series", for editing.
#
# Re-running it is cheap: when patches/ has not changed since the tree was
# last synced, nothing is touched.  When it has, the branch is rebuilt from
# "base" with git am, which rewrites only the files that differ, so the
# kernel build stays incremental.  Work in the tree that is not in patches/
# (uncommitted changes, or commits not exported) is never thrown away: the
# script stops and says so, or with FORCE=1 keeps the old head as
# refs/oomreap/backup-<time> before resetting.
. "$(dirname "$0")/lib.sh"

STAMP=$TREE/.git/oomreap-stamp
git_t() { git -C "$TREE" -c user.name="$IDENTITY_NAME" -c user.email="$IDENTITY_EMAIL" "$@"; }

unpack_base() {
	local tmp=$TREE.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	log "unpacking $BASE_TARBALL"
	run tar -C "$tmp" --strip-components=1 -xf "$BASE_TARBALL"
	# Debian's linux-source adds a block to .gitignore that ignores every
	# top-level path (its packaging repository holds no kernel source).
	# Drop it so the series' new files can be added like in any kernel tree.
	sed -i '/^# Debian packaging: ignore everything/,/^!\/debian\/$/d' "$tmp/.gitignore"
	local ver
	ver=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE")
	git -C "$tmp" init -q -b series
	git -C "$tmp" add -A -f .
	# Date the base commit from the tarball so its id is the same everywhere.
	GIT_AUTHOR_DATE="@$(stat -c %Y "$tmp/Makefile") +0000" \
	GIT_COMMITTER_DATE="@$(stat -c %Y "$tmp/Makefile") +0000" \
	git -C "$tmp" -c user.name="$IDENTITY_NAME" -c user.email="$IDENTITY_EMAIL" \
		commit -q -m "Linux 6.12 base from Debian $BASE_PACKAGE $ver"
	git -C "$tmp" tag base
	echo "$ver" > "$tmp/.git/oomreap-base-version"
	mv "$tmp" "$TREE"
}

apply_series() {
	local p n=0 out
	git_t checkout -q -B series base
	for p in $(series_patches); do
		n=$((n + 1))
		[ -f "$TOP/patches/$p" ] || die "patches/series lists $p, which does not exist"
		if ! out=$(git_t am -q --keep-cr "$TOP/patches/$p" 2>&1); then
			local file
			file=$(printf '%s\n' "$out" | sed -n 's/^error: patch failed: \([^:]*\):.*/\1/p;s/^error: \([^:]*\): does not exist in index/\1/p;s/^error: \([^:]*\): already exists in index/\1/p' | head -1)
			git_t am --abort >/dev/null 2>&1 || true
			# The tree now holds base plus the patches before this one,
			# nothing of its own: let the next run re-apply freely.
			echo "failed $(git -C "$TREE" rev-parse HEAD)" > "$STAMP"
			printf '%s\n' "$out" | grep -v '^hint:\|git am --\|resolved this problem\|prefer to skip\|restore the original' >&2
			die "patch $n of the series, patches/$p, does not apply to the base${file:+ (file $file)}"
		fi
	done
	# The cover letter lives in the branch description for format-patch.
	if [ -f "$TOP/patches/0000-cover-letter.patch" ]; then
		"$TOP/harness/cover.py" read "$TOP/patches/0000-cover-letter.patch" > "$TREE/.git/oomreap-cover"
		git_t config branch.series.description "$(cat "$TREE/.git/oomreap-cover")"
	fi
	log "applied $n patches"
}

mkdir -p "$B"
[ -d "$TREE/.git" ] || unpack_base

want=$(series_hash)
head=$(git -C "$TREE" rev-parse HEAD)
if [ -f "$STAMP" ]; then read -r have_hash have_head < "$STAMP"; else have_hash=none have_head=none; fi

dirty=$(git -C "$TREE" status --porcelain --untracked-files=normal | head -5)
if [ "$want" = "$have_hash" ] && [ "$head" = "$have_head" ] && [ -z "$dirty" ]; then
	log "tree $TREE is up to date with patches/"
	exit 0
fi

# Is there work in the tree that patches/ does not hold?
unexported=
if [ -n "$dirty" ]; then
	unexported="uncommitted changes:
$dirty"
elif [ "$have_head" != none ] && [ "$head" != "$have_head" ]; then
	unexported="commits made since the last sync/export (HEAD $head)"
fi
if [ -n "$unexported" ]; then
	if [ "${FORCE:-0}" != 1 ]; then
		die "the tree has work that is not in patches/: $unexported
Run 'make export' to write it to patches/, or 'make tree FORCE=1' to reset
the tree to patches/ (the old head is kept as a ref)."
	fi
	ref=refs/oomreap/backup-$(date +%Y%m%d-%H%M%S)
	git_t stash -q -u 2>/dev/null || true
	git_t update-ref "$ref" HEAD
	warn "FORCE=1: old head kept as $ref (uncommitted changes, if any, in git stash)"
fi

apply_series
echo "$want $(git -C "$TREE" rev-parse HEAD)" > "$STAMP"
log "tree $TREE: base + $(git -C "$TREE" rev-list --count base..HEAD) commits"
