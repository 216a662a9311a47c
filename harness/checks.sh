#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks of the series, one result per check, and the counts in
# $CHECK_COUNTS ("passed failed skipped"):
#  - checkpatch --strict on every patch: an ERROR, WARNING or CHECK fails
#    unless checkpatch-allow.txt lists it with a reason (an ERROR only for
#    its patch by name, never for every patch);
#  - sparse (C=2) on every kernel .c file the series touches, and
#  - coccinelle (scripts/coccicheck, MODE=report) on the same files:
#    a message the base tree does not already give for that file fails;
#  - the series' presentation: subjects of at most 75 characters,
#    "[PATCH vN NN/MM]" prefixes, the cover letter's changes since vN-1;
#  - the harness' unit tests (harness/tests).
. "$(dirname "$0")/lib.sh"

# The checks compare x86_64 builds of the series and the base; they do not
# depend on the guest's architecture (make test-arm64 does not run them).
[ "$ARCH" = x86_64 ] || die "make checks runs on the x86_64 build only (not ARCH=$ARCH)"
CHECK_COUNTS=${CHECK_COUNTS:-$B/check-counts}
ALLOW=$TOP/checkpatch-allow.txt
BASE_WT=$B/linux-base
BASE_OBJ=$B/obj-check-base
CACHE=$B/check-cache
COCCI=${COCCI:-1}
mkdir -p "$CACHE"
passed=0 failed=0 skipped=0
ok()   { passed=$((passed + 1)); echo "ok: $*"; }
bad()  { failed=$((failed + 1)); echo "FAILED: $*"; }
skip() { skipped=$((skipped + 1)); echo "skip: $*"; }

[ -f "$OBJ/.config" ] || die "no $OBJ/.config: run 'make build' first"

# --- the series' presentation -------------------------------------------
# Every subject at most 75 characters (folded headers unfolded), each
# "[PATCH vN NN/MM]" with N = SERIES_VERSION, the cover letter's
# "Changes since vN-1:" list (harness/cover.py check).
if out=$(python3 "$TOP/harness/cover.py" check "$TOP/patches" "$SERIES_VERSION" 2>&1); then
	ok "series v$SERIES_VERSION: subjects of at most 75 characters, prefixes, changes listed"
else
	bad "series v$SERIES_VERSION presentation:"
	printf '%s\n' "$out" | sed 's/^/    /'
fi

# --- checkpatch ---------------------------------------------------------
allowed() {	# allowed PATCH TYPE [ERROR]: is TYPE allowed for PATCH?
	[ -f "$ALLOW" ] || return 1
	sed -e 's/#.*//' "$ALLOW" | awk -v p="$1" -v t="$2" -v e="${3:-}" '
		NF >= 3 && $2 == t && (p ~ ("^" $1 "$") || ($1 == "*" && e == "")) { found = 1 }
		END { exit !found }'
}
for p in $(series_patches); do
	out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --show-types -q \
		"$TOP/patches/$p" 2>&1 || true)
	problems=()
	while IFS= read -r line; do
		case $line in
		ERROR:*)	# only by an entry that names the patch
			type=${line#*:}; type=${type%%:*}
			allowed "$p" "$type" error || problems+=("$line") ;;
		WARNING:*|CHECK:*)
			type=${line#*:}; type=${type%%:*}
			allowed "$p" "$type" || problems+=("$line") ;;
		esac
	done <<< "$out"
	grep -q "^Signed-off-by: $IDENTITY_NAME <$IDENTITY_EMAIL>$" "$TOP/patches/$p" ||
		problems+=("no Signed-off-by: $IDENTITY_NAME <$IDENTITY_EMAIL>")
	if [ ${#problems[@]} -eq 0 ]; then
		ok "checkpatch --strict $p"
	else
		bad "checkpatch --strict $p"
		printf '%s\n' "$out" | sed 's/^/    /'
		printf '    not allowed: %s\n' "${problems[@]}"
	fi
done

# --- sparse and coccinelle on the kernel .c files the series touches ----
files=$(git -C "$TREE" diff --name-only --diff-filter=AM base..HEAD -- '*.c' |
	grep -v '^tools/\|^scripts/\|^samples/' || true)

BASE_READY=0
prepare_base() {	# once, and only when a base run is needed
	[ "$BASE_READY" = 1 ] && return
	BASE_READY=1
	if [ ! -d "$BASE_WT" ]; then
		run git -C "$TREE" worktree add -q -f --detach "$BASE_WT" base
	fi
	mkdir -p "$BASE_OBJ"
	if ! cmp -s "$OBJ/.config" "$BASE_OBJ/.config.wanted"; then
		cp "$OBJ/.config" "$BASE_OBJ/.config"
		cp "$OBJ/.config" "$BASE_OBJ/.config.wanted"
		run make -s -C "$BASE_WT" O="$BASE_OBJ" ARCH=x86_64 olddefconfig
	fi
}

# Messages of TOOL for FILE in tree SRC built in OBJDIR, one per line,
# without their location: moving code, or sparse blaming an inlined header
# function instead of the .c file (it does either, from one run or tree to
# the next), does not make a message new. A header's message belongs to
# the .c file named by the "note: in included file" line before it, or to
# the last .c file seen.
messages() {
	local tool=$1 src=$2 obj=$3 f=$4 out
	case $tool in
	sparse) out=$(make -C "$src" O="$obj" ARCH=x86_64 -j"$JOBS" C=2 "${f%.c}.o" 2>&1 >/dev/null || true) ;;
	cocci)	# C=2 would run coccicheck on every file make visits, which
		# fails in prepare; C=1 checks what is recompiled: this file,
		# its semantic patches shared among the CPUs.
		rm -f "$obj/${f%.c}.o"
		out=$(COCCI_JOBS=$JOBS make -C "$src" O="$obj" ARCH=x86_64 -j"$JOBS" C=1 \
			CHECK="$TOP/harness/coccicheck-split.sh" MODE=report "${f%.c}.o" 2>&1 || true)
		printf '%s\n' "$out" | grep -q "coccicheck failed" &&
			{ printf '%s\n' "$out" | grep -v '^/usr/bin/spatch' >&2; echo "$f: coccicheck failed"; } ;;
	esac
	# Paths differ between the tree and the base worktree: drop them.
	printf '%s\n' "$out" | sed "s|$src/||g; s|$obj/||g; s|^\./||" | awk -v f="$f" '
		/: note: in included file/ { owner = $0; sub(/: .*/, "", owner); next }
		/^[^ :]+:[0-9]+(:[0-9]+(-[0-9]+)?)?: / {
			file = $0; sub(/:.*/, "", file)
			if (file !~ /\.h$/) owner = file
			if (owner != f) next
			sub(/^[^ :]+:[0-9]+(:[0-9]+(-[0-9]+)?)?: /, "")
			print
		}' | sed -E "s/(at |on )?line [0-9]+/line N/g" | LC_ALL=C sort || true
}

if [ -z "$files" ]; then
	skip "sparse: the series touches no kernel .c file"
	skip "coccinelle: the series touches no kernel .c file"
else
	for tool in sparse cocci; do
		if [ $tool = cocci ] && [ "$COCCI" != 1 ]; then
			skip "coccinelle: COCCI=0"
			continue
		fi
		for f in $files; do
			# The series' run first; the base's only when the series
			# gives a message (and it is not in the cache): none can
			# be new otherwise.  Coccinelle shares its semantic
			# patches among the CPUs (harness/coccicheck-split.sh).
			new=$(messages $tool "$TREE" "$OBJ" "$f")
			if [ -z "$(printf '%s\n' "$new" | sed '/^$/d')" ]; then
				ok "$tool $f (0 messages)"
				continue
			fi
			key=
			if git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
				key=$CACHE/v3-$tool-$(git -C "$TREE" rev-parse "base:$f")-$(sha1sum < "$OBJ/.config" | cut -c1-12)
				if [ ! -f "$key" ]; then	# written whole or not at all
					prepare_base
					messages $tool "$BASE_WT" "$BASE_OBJ" "$f" > "$key.tmp" &&
						mv "$key.tmp" "$key"
				fi
			fi
			if [ -n "$key" ]; then
				[ -f "$key" ] || { bad "$tool $f: the base's run failed"; continue; }
				old=$(cat "$key")
			else
				old=
			fi
			added=$(LC_ALL=C comm -13 <(printf '%s\n' "$old" | sed '/^$/d') <(printf '%s\n' "$new" | sed '/^$/d'))
			if [ -z "$added" ]; then
				ok "$tool $f ($(printf '%s\n' "$new" | sed '/^$/d' | wc -l) messages, none new against the base)"
			else
				bad "$tool $f: messages the base does not give:"
				printf '%s\n' "$added" | sed 's/^/    /'
			fi
		done
	done
fi

# --- the harness' own unit tests (report parsers, statistics) ----------
# OOMREAP_TREE: the tests of results.py read the tree's kunit_parser.
if out=$(OOMREAP_TREE=$TREE python3 -m unittest discover -s "$TOP/harness/tests" 2>&1); then
	ok "harness unit tests ($(printf '%s\n' "$out" | sed -n 's/^Ran \([0-9]*\) tests.*/\1/p') tests)"
else
	bad "harness unit tests:"
	printf '%s\n' "$out" | tail -n 30 | sed 's/^/    /'
fi

echo "$passed $failed $skipped" > "$CHECK_COUNTS"
echo "static checks: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
