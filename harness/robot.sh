#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make robot: what a kernel test robot builds, without booting anything.
#
#  bisect   every prefix of the series, x86_64, the test config (tinyconfig
#           + config/oomreap.config, as build.sh makes it), bzImage and
#           modules at W=1, incremental in one object dir: each prefix must
#           build, with no W=1 warning in the files its last patch touches
#           that the base kernel's build of the same config does not give.
#           A patch touching the mm selftests must build every oom_reaper binary.
#  matrix   the whole series in other configurations, each a named starting
#           point plus the series' fragment (tools/testing/selftests/mm/
#           config; the tinyconfig-based rows also config/oomreap.config),
#           then olddefconfig.  The row's own option (MEMCG off, PREEMPT_RT
#           on...) is checked in .config and named in the row if it does
#           not hold.  Light rows build vmlinux and modules at W=1; heavy
#           rows (defconfig, debian, arm64-defconfig) only the objects the
#           series touches (ROBOT_OBJS_ONLY=0: vmlinux and modules too).
#           A row's warnings in the files the series touches are compared
#           with the base kernel's, same config and toolchain, W=1, the
#           touched objects only (cached in build/robot/cache).
#
# Everything lives in build/robot: src is the base tarball with patches/
# applied by tree.sh at the start of the run (the same files for every
# row), base is a git worktree of src at tag "base" (the bisect walks it
# through the series and puts it back), each row has its own O= dir.
# build/linux and build/obj-* are not touched.  Every make runs under
# nice -n 19 ionice -c3 with -j$ROBOT_JOBS (2): other builds go first.
#
#   ROBOT_ONLY="bisect no-MEMCG ..."  run only these rows (names: ROWS below)
#   ROBOT_OBJS_ONLY=0                 heavy rows build vmlinux + modules too
#   ROBOT_OBJS_ONLY=all               every matrix row builds the touched
#                                     objects only (a quick pass: no link)
#   ROBOT_DATE=...                    results dir name (default: today)
#
# Results: build/robot/<date>/report.md, rows.tsv, bisect.tsv, one log per
# build.  Exits 1 if any row that ran is not OK.
. "$(dirname "$0")/lib.sh"

R=$B/robot
SRC=$R/src
BASE=$R/base
CACHE=$R/cache
DATE=${ROBOT_DATE:-$(date +%Y-%m-%d)}
OUT=$R/$DATE
JOBS=${ROBOT_JOBS:-2}
OBJS_ONLY=${ROBOT_OBJS_ONLY:-1}
NICE=(nice -n 19 ionice -c3)
MMCFG=tools/testing/selftests/mm/config
DEBIAN_CONFIG=${DEBIAN_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
ROWS=(bisect no-MEMCG no-THP no-HUGETLBFS no-MMU_NOTIFIER no-FTRACE no-SYSCTL
	no-CGROUPS no-SMP PREEMPT_RT RCU_LAZY defconfig i386 clang arm64-test
	arm64-defconfig debian)

# --- the source trees ----------------------------------------------------
prepare_trees() {
	mkdir -p "$R" "$CACHE" "$OUT"
	PATCHES_COMMIT=$(git -C "$TOP" log -1 --format=%h -- patches)
	# tree.sh reads patches/ now: every row of this run builds these.
	run env TREE="$SRC" "${NICE[@]}" "$TOP/harness/tree.sh"
	if [ ! -e "$BASE/.git" ]; then
		run git -C "$SRC" worktree add -q --detach "$BASE" base
	fi
	# A bisect that was interrupted leaves base elsewhere: put it back.
	[ "$(git -C "$BASE" rev-parse HEAD)" = "$(git -C "$SRC" rev-parse base)" ] ||
		run git -C "$BASE" checkout -q --detach base
	SERIES_HEAD=$(git -C "$SRC" rev-parse --short HEAD)
	NPATCHES=$(git -C "$SRC" rev-list --count base..HEAD)
	# The kernel files the series touches, and their objects.
	git -C "$SRC" diff --name-only base..HEAD | grep -v '^tools/\|^scripts/\|^samples/\|^Documentation/' |
		grep '\.[ch]$' > "$OUT/touched.txt" || true
	sed -n 's/\.c$/.o/p' "$OUT/touched.txt" >> "$OUT/touched.txt"
	TOUCHED_OBJS=($(sed -n 's/\.c$/.o/p' "$OUT/touched.txt" | sort -u))
	log "series: patches/ at $PATCHES_COMMIT, $NPATCHES patches, src HEAD $SERIES_HEAD; objects: ${TOUCHED_OBJS[*]}"
}

# --- make ----------------------------------------------------------------
# kmake TREE OBJ ARGS...: make for the current row's arch and toolchain.
kmake() {
	local tree=$1 obj=$2
	shift 2
	run "${NICE[@]}" make -C "$tree" O="$obj" ARCH="$ARCHV" -j"$JOBS" "${TOOLCHAIN[@]}" "$@"
}

# configure TREE OBJ: the row's starting point, its fragments, olddefconfig.
configure() {
	local tree=$1 obj=$2 frags=()
	mkdir -p "$obj"
	case $START in
	tinyconfig|defconfig) kmake "$tree" "$obj" -s "$START" ;;
	debian) run sh -c "xzcat '$DEBIAN_CONFIG' > '$obj/.config'" ;;
	esac
	printf '%s\n' "${EXTRA[@]}" > "$obj/robot-row.config"
	for f in "${FRAGS[@]}"; do
		case $f in /*) frags+=("$f") ;; *) frags+=("$tree/$f") ;; esac
	done
	run "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" \
		"$obj/robot-row.config" > "$obj/merge_config.log" 2>&1 ||
		{ cat "$obj/merge_config.log" >&2; return 1; }
	kmake "$tree" "$obj" -s olddefconfig
}

sym_of() { local s=${1#\# }; s=${s%% *}; echo "${s%%=*}"; }
holds() {	# holds OBJ LINE: does the fragment line hold in OBJ/.config?
	case $2 in
	CONFIG_*=\"\") grep -qxF "$2" "$1/.config" || ! grep -q "^${2%%=*}=" "$1/.config" ;;
	CONFIG_*=*) grep -qxF "$2" "$1/.config" ;;
	"# CONFIG_"*" is not set") ! grep -q "^$(sym_of "$2")=" "$1/.config" ;;
	*) return 0 ;;
	esac
}
got() { grep -E "^$2=|^# $2 is not set" "$1/.config" || echo "$2 missing"; }

# verify OBJ: INTENT_BAD = the row's own lines that do not hold (what
# .config has instead), NOT_HELD = the fragments' other options that do not.
verify() {
	local obj=$1 line sym f own=" "
	INTENT_BAD=() NOT_HELD=()
	for line in "${EXTRA[@]}"; do
		sym=$(sym_of "$line")
		own+="$sym "
		holds "$obj" "$line" || INTENT_BAD+=("$(got "$obj" "$sym")")
	done
	for f in "${FRAGS[@]}"; do
		case $f in /*) ;; *) f=$SRC/$f ;; esac
		while IFS= read -r line; do
			case $line in CONFIG_*|"# CONFIG_"*" is not set") ;; *) continue ;; esac
			sym=$(sym_of "$line")
			case $own in *" $sym "*) continue ;; esac
			holds "$obj" "$line" || NOT_HELD+=("$sym")
		done < "$f"
	done
	NOT_HELD=($(printf '%s\n' "${NOT_HELD[@]}" | sed '/^$/d' | sort -u))
}

# in_config TREE OBJ OBJECT: is OBJECT built in OBJ's configuration? Asks
# kbuild for obj-y/obj-m of its directory and every parent directory.
declare -A DIRLIST
dir_list() {
	local tree=$1 obj=$2 d=$3
	local key="$obj:$d"
	if [ -z "${DIRLIST[$key]:-}" ]; then
		DIRLIST[$key]=" $(cd "$obj" && make -s --no-print-directory -f .config \
			-f "$tree/scripts/Makefile.build" obj="$d" VPATH="$tree" srctree="$tree" \
			objtree=. ARCH="$ARCHV" SRCARCH="$SRCARCH" "${TOOLCHAIN[@]}" \
			--eval 'robot-list: ; @echo $(obj-y) $(obj-m) $(subdir-ym)' robot-list 2>/dev/null |
			tail -1 | tr -d "'" | tr ' ' '\n' | sed "s|^$d/||; s|\.ko\$|.o|" | paste -sd' ') "
	fi
	echo "${DIRLIST[$key]}"
}
in_config() {
	local tree=$1 obj=$2 o=$3 d parent
	d=$(dirname "$o")
	case $(dir_list "$tree" "$obj" "$d") in *" $(basename "$o") "*) ;; *) return 1 ;; esac
	while [ "${d%/*}" != "$d" ]; do
		parent=${d%/*}
		case $(dir_list "$tree" "$obj" "$parent") in *" $d "*|*" ${d##*/} "*|*" ${d##*/}/ "*) ;; *) return 1 ;; esac
		d=$parent
	done
}

# warn_keys LOG FILES: the warnings and errors LOG gives in FILES (paths
# in the tree, .c, .h and .o), one per line, without line numbers or
# offsets, sorted: what is compared with the base.
warn_keys() {
	sed -e "s|$SRC/||g; s|$BASE/||g; s|$R/[^/ ]*/||g; s|^\./||" "$1" | awk -v touched="$2" '
	BEGIN { while ((getline l < touched) > 0) t[l] = 1 }
	{
		line = $0
		if (match(line, /^[^ :]+:([0-9]+:)?([0-9]+:)? (fatal error|error|warning): /)) {
			file = line; sub(/:.*/, "", file)
			rest = substr(line, RLENGTH + 1)
			sev = substr(line, 1, RLENGTH); sub(/: $/, "", sev); sub(/.* /, "", sev)
			if (sev == "error" && line ~ /fatal error/) sev = "fatal error"
		} else if (line ~ /^(WARNING|ERROR): modpost: /) {
			sev = (line ~ /^ERROR/) ? "error" : "warning"
			rest = line; sub(/^[A-Z]+: modpost: /, "", rest)
			file = "modpost"
			for (f in t) if (index(rest, f) || (f ~ /\.o$/ && index(rest, substr(f, 1, length(f) - 2) ".ko"))) file = f
		} else next
		if (!(file in t)) next
		gsub(/\+0x[0-9a-f]+(\/0x[0-9a-f]+)?/, "+0x..", rest)
		gsub(/line [0-9]+/, "line N", rest)
		print file ": " sev ": " rest
	}' | LC_ALL=C sort -u
}

# first_error LOG: the first line that says why a build failed.
first_error() {
	sed -e "s|$SRC/||g; s|$BASE/||g; s|$R/[^/ ]*/||g" "$1" |
		grep -m1 -E ': (fatal )?error: |^ERROR: |undefined reference|undefined symbol|No rule to make target|Error [0-9]+$' || true
}

# --- results -------------------------------------------------------------
# record ROW DESCRIPTION RESULT SECONDS DETAIL
record() {
	printf '%s\t%s\t%s\t%s\t%s ;; built from patches/ at %s (src %s)\n' "$1" "$2" "$3" "$4" "$5" \
		"$PATCHES_COMMIT" "$SERIES_HEAD" >> "$OUT/rows.tsv"
	log "row $1: $3 (${4}s)"
	write_report
}

write_report() {
	local tools
	tools="gcc $(gcc -dumpfullversion)"
	command -v clang >/dev/null && tools+=", $(clang --version | head -1)"
	command -v aarch64-linux-gnu-gcc >/dev/null && tools+=", aarch64-linux-gnu-gcc $(aarch64-linux-gnu-gcc -dumpfullversion)"
	{
		echo "# make robot, $DATE"
		echo
		echo "Series: patches/ at commit $PATCHES_COMMIT ($NPATCHES patches), applied to Debian's"
		echo "$BASE_PACKAGE $(cat "$SRC/.git/oomreap-base-version" 2>/dev/null) (build/robot/src HEAD $SERIES_HEAD)."
		echo "Started $RUN_START, report written $(date '+%Y-%m-%d %H:%M:%S'), $(( ($(date +%s) - RUN_T0) / 60 )) min so far."
		echo "Toolchains: $tools. Builds at -j$JOBS under nice -n 19 ionice -c3,"
		echo "on a 2-core host shared with other builds (times are wall clock)."
		echo "Objects the series touches: ${TOUCHED_OBJS[*]}."
		echo
		echo "\"mm/config\" is the series' fragment, $MMCFG; \"oomreap\" is"
		echo "config/oomreap.config. A warning counts only in a file the series touches,"
		echo "and only if the base kernel, same config and toolchain, W=1, does not give"
		echo "it too. The \"built\" column says what each row built (ROBOT_OBJS_ONLY=$OBJS_ONLY:"
		echo "1 = heavy rows the touched objects only, all = every matrix row, 0 = none)."
		echo
		echo "| row | configuration | built | result | time |"
		echo "|---|---|---|---|---|"
		if [ -f "$OUT/rows.tsv" ]; then
			awk -F'\t' '{ split($5, d, " ;; "); printf "| %s | %s | %s | %s | %dm%02ds |\n", $1, $2, d[1], $3, $4 / 60, $4 % 60 }' "$OUT/rows.tsv"
		fi
		if [ -f "$OUT/bisect.tsv" ]; then
			echo
			echo "## Bisect: every prefix, x86_64 test config, W=1"
			echo
			echo "| # | patch | kernel files | result | time |"
			echo "|---|---|---|---|---|"
			awk -F'\t' '{ printf "| %s | %s | %s | %s | %ds |\n", $1, $2, $3, $4, $5 }' "$OUT/bisect.tsv"
		fi
		if [ -f "$OUT/rows.tsv" ]; then
			echo
			echo "## Details"
			echo
			awk -F'\t' '{ n = split($5, d, " ;; "); printf "- **%s**:", $1; for (i = 2; i <= n; i++) printf " %s%s", d[i], (i < n ? ";" : ""); printf "\n" }' "$OUT/rows.tsv"
		fi
	} > "$OUT/report.md.tmp"
	mv "$OUT/report.md.tmp" "$OUT/report.md"
}

# --- rows ----------------------------------------------------------------
# row_def NAME: START, FRAGS, EXTRA (the row's own lines, checked), ARCHV,
# SRCARCH, TOOLCHAIN, HEAVY, DESC.
row_def() {
	ARCHV=x86_64 SRCARCH=x86 TOOLCHAIN=() HEAVY=0 START=tinyconfig
	FRAGS=("$TOP/config/oomreap.config" "$MMCFG") EXTRA=()
	local tiny="tinyconfig + oomreap + mm/config"
	case $1 in
	no-MEMCG) EXTRA=("# CONFIG_MEMCG is not set"); DESC="$tiny, MEMCG off" ;;
	no-THP) EXTRA=("# CONFIG_TRANSPARENT_HUGEPAGE is not set"); DESC="$tiny, TRANSPARENT_HUGEPAGE off" ;;
	no-HUGETLBFS) EXTRA=("# CONFIG_HUGETLBFS is not set" "# CONFIG_HUGETLB_PAGE is not set"); DESC="$tiny, HUGETLBFS off" ;;
	no-MMU_NOTIFIER)
		# Selected by TEST_HMM (mm/config) and the series' TEST_OOM_REAPER.
		EXTRA=("# CONFIG_TEST_HMM is not set" "# CONFIG_TEST_OOM_REAPER is not set"
			"# CONFIG_MMU_NOTIFIER is not set")
		DESC="$tiny, MMU_NOTIFIER off (and its selectors TEST_HMM, TEST_OOM_REAPER)" ;;
	no-FTRACE)
		EXTRA=("# CONFIG_FTRACE is not set" "# CONFIG_TRACING is not set" "# CONFIG_EVENT_TRACING is not set")
		DESC="$tiny, FTRACE off (no TRACING, no EVENT_TRACING)" ;;
	no-SYSCTL)
		# SYSCTL has no prompt: PROC_SYSCTL selects it.
		EXTRA=("# CONFIG_PROC_SYSCTL is not set" "# CONFIG_SYSCTL is not set")
		DESC="$tiny, SYSCTL off (and its selector PROC_SYSCTL)" ;;
	no-CGROUPS) EXTRA=("# CONFIG_CGROUPS is not set"); DESC="$tiny, CGROUPS off" ;;
	no-SMP) EXTRA=("# CONFIG_SMP is not set"); DESC="$tiny, SMP off" ;;
	PREEMPT_RT) EXTRA=("CONFIG_PREEMPT_RT=y"); DESC="$tiny, PREEMPT_RT on" ;;
	RCU_LAZY)
		# RCU_LAZY depends on RCU_NOCB_CPU, which depends on TREE_RCU
		# (SMP: oomreap) and on RCU_EXPERT or NO_HZ_FULL: RCU_LAZY=y
		# alone is dropped by olddefconfig.
		EXTRA=("CONFIG_RCU_EXPERT=y" "CONFIG_RCU_NOCB_CPU=y" "CONFIG_RCU_LAZY=y")
		DESC="$tiny, RCU_LAZY on (and RCU_NOCB_CPU, RCU_EXPERT)" ;;
	defconfig) START=defconfig FRAGS=("$MMCFG") HEAVY=1; DESC="x86_64 defconfig + mm/config" ;;
	i386)
		ARCHV=i386 EXTRA=("# CONFIG_64BIT is not set")
		DESC="i386 $tiny, 64BIT off" ;;
	clang) TOOLCHAIN=(LLVM=1); DESC="$tiny, LLVM=1 ($(clang --version 2>/dev/null | sed -n '1s/.*version \([0-9.]*\).*/clang \1/p'))" ;;
	arm64-test)
		ARCHV=arm64 SRCARCH=arm64 TOOLCHAIN=(CROSS_COMPILE=aarch64-linux-gnu-)
		EXTRA=("CONFIG_SERIAL_AMBA_PL011=y" "CONFIG_SERIAL_AMBA_PL011_CONSOLE=y")
		DESC="arm64 $tiny + PL011 console (FIELD-NOTES recipe)" ;;
	arm64-defconfig)
		ARCHV=arm64 SRCARCH=arm64 TOOLCHAIN=(CROSS_COMPILE=aarch64-linux-gnu-)
		START=defconfig FRAGS=("$MMCFG") HEAVY=1; DESC="arm64 defconfig + mm/config" ;;
	debian)
		START=debian FRAGS=("$MMCFG") HEAVY=1
		# Debian's config names its signing certificates, which are not
		# in the tarball.
		EXTRA=('CONFIG_SYSTEM_TRUSTED_KEYS=""' 'CONFIG_SYSTEM_REVOCATION_KEYS=""')
		DESC="Debian $(basename "$DEBIAN_CONFIG" .xz) + mm/config, no signing keys" ;;
	*) die "unknown row $1 (rows: ${ROWS[*]})" ;;
	esac
}

# base_keys ROW OBJ OBJECTS...: the base kernel's warning keys for the
# touched files, same .config (olddefconfig'd in the base), W=1, these
# objects only; cached by config, toolchain and objects.
base_keys() {
	local row=$1 obj=$2 bobj=$R/$1.base key objs=() o
	shift 2
	mkdir -p "$bobj"
	cp "$obj/.config" "$bobj/.config"
	kmake "$BASE" "$bobj" -s olddefconfig >&2
	for o in "$@"; do
		git -C "$SRC" cat-file -e "base:${o%.o}.c" 2>/dev/null && in_config "$BASE" "$bobj" "$o" && objs+=("$o")
	done
	key=$CACHE/base-$( (cat "$bobj/.config"; echo "$ARCHV ${TOOLCHAIN[*]} ${objs[*]}"; git -C "$SRC" rev-parse base) | sha1sum | cut -c1-16)
	if [ ! -f "$key" ]; then
		if [ ${#objs[@]} -gt 0 ]; then
			rm -f "${objs[@]/#/$bobj/}"
			kmake "$BASE" "$bobj" -k W=1 "${objs[@]}" > "$OUT/$row.base.log" 2>&1 || true
		else
			: > "$OUT/$row.base.log"
		fi
		warn_keys "$OUT/$row.base.log" "$OUT/touched.txt" > "$key.tmp"
		mv "$key.tmp" "$key"
	else
		log "base warnings for $row from $key" >&2
	fi
	echo "$key"
}

matrix_row() {
	local row=$1 obj=$R/$1 log=$OUT/$1.log t0 rc=0 mode o built=() na=() failed=()
	local result detail bkey new sk nsk
	t0=$(date +%s)
	row_def "$row"
	log "row $row: $DESC"
	if ! configure "$SRC" "$obj" > "$OUT/$row.config.log" 2>&1; then
		record "$row" "$DESC" "FAIL: configuration: $(grep -m1 -i 'error' "$OUT/$row.config.log")" $(( $(date +%s) - t0 )) "-"
		return
	fi
	verify "$obj"
	cp "$obj/.config" "$OUT/$row.config"
	for o in "${TOUCHED_OBJS[@]}"; do
		if in_config "$SRC" "$obj" "$o"; then built+=("$o"); else na+=("$o"); fi
	done
	# Recompile the touched objects so that their warnings are in this log.
	rm -f "${built[@]/#/$obj/}"
	if { [ "$HEAVY" = 1 ] && [ "$OBJS_ONLY" = 1 ]; } || [ "$OBJS_ONLY" = all ]; then
		mode="touched objects"
		if [ ${#built[@]} -gt 0 ]; then
			kmake "$SRC" "$obj" -k W=1 "${built[@]}" > "$log" 2>&1 || rc=$?
		fi
	else
		mode="vmlinux modules"
		kmake "$SRC" "$obj" W=1 vmlinux modules > "$log" 2>&1 || rc=$?
	fi
	for o in "${built[@]}"; do [ -f "$obj/$o" ] || failed+=("$o"); done
	warn_keys "$log" "$OUT/touched.txt" > "$OUT/$row.warnings"
	bkey=$(base_keys "$row" "$obj" "${built[@]}")
	new=$(LC_ALL=C comm -23 "$OUT/$row.warnings" "$bkey")
	sk=$(wc -l < "$OUT/$row.warnings"); nsk=$(printf '%s' "$new" | grep -c . || true)
	if [ "$rc" != 0 ] || [ ${#failed[@]} -gt 0 ]; then
		result="FAIL: \`$(first_error "$log")\`"
		[ ${#failed[@]} -gt 0 ] && result+=" (not built: ${failed[*]})"
	elif [ -n "$new" ]; then
		result="NEW WARNING: \`$(printf '%s\n' "$new" | head -1)\`"
	else
		result=OK
	fi
	[ ${#INTENT_BAD[@]} -gt 0 ] && result="$result; NOT AS INTENDED: ${INTENT_BAD[*]}"
	printf '%s\n' "$new" | sed '/^$/d' > "$OUT/$row.new-warnings"
	detail="$mode; $(( ${#built[@]} - ${#failed[@]} )) of the ${#TOUCHED_OBJS[@]} touched objects"
	detail+=" ;; $DESC; built $mode ($ARCHV${TOOLCHAIN[*]:+, ${TOOLCHAIN[*]}})"
	detail+=" ;; touched objects not in this config: ${na[*]:-none}"
	detail+=" ;; fragment options that do not hold: ${NOT_HELD[*]:-none}"
	detail+=" ;; warnings in touched files: $sk, new against the base: $nsk"
	[ "$nsk" -gt 0 ] && detail+=" ($(printf '%s\n' "$new" | head -3 | sed 's/^/`/; s/$/`/' | paste -sd' '))"
	record "$row" "$DESC" "$result" $(( $(date +%s) - t0 )) "$detail"
}

bisect_row() {
	local obj=$R/bisect log t0 t1 rc commits c n=0 files kfiles result new subj allnew=0 first= bins
	local bwarn=$OUT/bisect-base.warnings
	t0=$(date +%s)
	ARCHV=x86_64 SRCARCH=x86 TOOLCHAIN=() START=tinyconfig FRAGS=("$TOP/config/oomreap.config") EXTRA=()
	DESC="x86_64 tinyconfig + oomreap (the test config), each prefix"
	rm -f "$OUT/bisect.tsv"
	commits=($(git -C "$SRC" rev-list --reverse base..HEAD))
	# The base first: its W=1 warnings in every file the series touches.
	run git -C "$BASE" checkout -q --detach base
	configure "$BASE" "$obj" > "$OUT/bisect.config.log" 2>&1 || die "bisect: configuring the base failed ($OUT/bisect.config.log)"
	rm -f "${TOUCHED_OBJS[@]/#/$obj/}"
	t1=$(date +%s)
	rc=0; kmake "$BASE" "$obj" W=1 bzImage modules > "$OUT/bisect-0.log" 2>&1 || rc=$?
	warn_keys "$OUT/bisect-0.log" "$OUT/touched.txt" > "$bwarn"
	if [ $rc != 0 ]; then
		printf '0\tbase\t-\tFAIL: `%s`\t%s\n' "$(first_error "$OUT/bisect-0.log")" $(( $(date +%s) - t1 )) >> "$OUT/bisect.tsv"
		record bisect "$DESC" "FAIL: the base does not build" $(( $(date +%s) - t0 )) "-"
		return
	fi
	printf '0\tbase\t-\tOK (%s W=1 warnings in the touched files)\t%s\n' "$(wc -l < "$bwarn")" $(( $(date +%s) - t1 )) >> "$OUT/bisect.tsv"
	write_report
	for c in "${commits[@]}"; do
		n=$((n + 1)); t1=$(date +%s)
		subj=$(git -C "$SRC" log -1 --format=%s "$c")
		files=$(git -C "$SRC" diff --name-only "$c^" "$c")
		run git -C "$BASE" checkout -q --detach "$c"
		kfiles=$(printf '%s\n' "$files" | grep -v '^tools/\|^Documentation/\|^MAINTAINERS$' || true)
		result=
		log=$OUT/bisect-$n.log
		: > "$log"
		if [ -n "$kfiles" ]; then
			printf '%s\n' "$kfiles" | grep -q 'Kconfig' &&
				{ configure "$BASE" "$obj" >> "$log" 2>&1 || result="FAIL: configuration"; }
			printf '%s\n' "$kfiles" | sed -n 's/\.c$/.o/p' | sed "s|^|$obj/|" | xargs -r rm -f
			rc=0; [ -z "$result" ] && { kmake "$BASE" "$obj" W=1 bzImage modules >> "$log" 2>&1 || rc=$?; }
			[ $rc != 0 ] && result="FAIL: \`$(first_error "$log")\`"
		fi
		if printf '%s\n' "$files" | grep -q '^tools/testing/selftests/mm/.*\.c$' && [ -z "$result" ]; then
			kmake "$BASE" "$obj" -s headers >> "$log" 2>&1 || result="FAIL: make headers"
			rm -rf "$obj/robot-selftests"
			mkdir -p "$obj/robot-selftests"
			# Every oom_reaper binary the patch's Makefile lists.
			bins=$(sed -n 's/^TEST_GEN_FILES += \(oom_reaper_[a-z_]*\)$/\1/p' "$BASE/tools/testing/selftests/mm/Makefile")
			[ -z "$result" ] && { run "${NICE[@]}" make -C "$BASE/tools/testing/selftests/mm" -j"$JOBS" \
				CC="gcc -static" KHDR_INCLUDES="-isystem $obj/usr/include" OUTPUT="$obj/robot-selftests" \
				$(printf "$obj/robot-selftests/%s " $bins) > "$log.selftest" 2>&1 ||
				result="FAIL: the oom_reaper selftests: \`$(first_error "$log.selftest")\`"; }
			# A new file: any warning of its compiler is new.
			[ -z "$result" ] && grep -q -E '(warning|error): ' "$log.selftest" &&
				result="NEW WARNING: \`$(grep -m1 -E '(warning|error): ' "$log.selftest" | sed "s|$BASE/||g")\`"
		fi
		# W=1 warnings in the files this patch touches, against the base.
		printf '%s\n' "$files" | grep '\.[ch]$' > "$OUT/bisect-$n.touched" || true
		sed -n 's/\.c$/.o/p' "$OUT/bisect-$n.touched" >> "$OUT/bisect-$n.touched"
		new=$(LC_ALL=C comm -23 <(warn_keys "$log" "$OUT/bisect-$n.touched") "$bwarn")
		if [ -z "$result" ] && [ -n "$new" ]; then
			result="NEW WARNING: \`$(printf '%s\n' "$new" | head -1)\`"
		fi
		if [ -z "$result" ]; then
			if [ -z "$kfiles" ]; then
				result="OK (kernel as patch $((n - 1)))"
				printf '%s\n' "$files" | grep -q '^tools/testing/selftests/mm/.*\.c$' && result+=", the oom_reaper selftests build"
			else
				result=OK
			fi
		else
			allnew=$((allnew + 1)); [ -z "$first" ] && first="patch $n: $result"
		fi
		printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$subj" "$(printf '%s\n' "$kfiles" | grep -c . || true)" "$result" $(( $(date +%s) - t1 )) >> "$OUT/bisect.tsv"
		log "bisect $n/${#commits[@]}: $result ($(( $(date +%s) - t1 ))s)"
		write_report
	done
	run git -C "$BASE" checkout -q --detach base
	if [ -z "$first" ]; then result="OK ($n/$n patches)"; else result="FAIL: $allnew of $n patches; first: $first"; fi
	record bisect "$DESC" "$result" $(( $(date +%s) - t0 )) \
		"bzImage modules, each of $n prefixes ;; $DESC; incremental in one object dir; one line per patch in the Bisect table"
}

# --- main ----------------------------------------------------------------
RUN_T0=$(date +%s)
RUN_START=$(date '+%Y-%m-%d %H:%M:%S')
only=(${ROBOT_ONLY:-${ROWS[*]}})
for r in "${only[@]}"; do
	case " ${ROWS[*]} " in *" $r "*) ;; *) die "unknown row $r (rows: ${ROWS[*]})" ;; esac
done
prepare_trees
# A row run again replaces its line; rows of an earlier run today stay.
if [ -f "$OUT/rows.tsv" ]; then
	for r in "${only[@]}"; do
		awk -F'\t' -v r="$r" '$1 != r' "$OUT/rows.tsv" > "$OUT/rows.tsv.tmp"
		mv "$OUT/rows.tsv.tmp" "$OUT/rows.tsv"
	done
fi
# In the order given: ROBOT_ONLY="no-SMP bisect" builds no-SMP first.
for r in "${only[@]}"; do
	if [ "$r" = bisect ]; then stage "robot-$r" bisect_row
	else stage "robot-$r" matrix_row "$r"; fi
done
write_report
log "report: $OUT/report.md"
cat "$OUT/report.md"
! awk -F'\t' '$3 !~ /^OK/' "$OUT/rows.tsv" | grep -q .
