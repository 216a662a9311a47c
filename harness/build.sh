#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the kernel in $TREE into $OBJ: tinyconfig, then the
# fragments in config/ (debug.config too with DEBUG=1), then olddefconfig.
# Every option a fragment asks for is checked in the resulting .config and
# a missing one fails the build by name.  Then bzImage, modules, the
# modules installed under $OBJ/modroot, and the uapi headers for the
# selftests.  ARCH=arm64: the same with the cross compiler, Image instead
# of bzImage, config/arm64.config on top and the x86 lines it names left
# out of the other fragments (harness/archfrag.awk); config/qemu/ARCH.sh
# names them.
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE: run 'make tree' first"
# FRAGMENTS (space-separated paths) replaces config/oomreap.config (and
# debug.config) altogether: make mmtests and make fragment-check build
# kernels from fragments of their own.
if [ -n "${FRAGMENTS:-}" ]; then
	FRAGS=($FRAGMENTS)
else
	FRAGS=("$TOP/config/oomreap.config")
	[ "$DEBUG" = 1 ] && FRAGS+=("$TOP/config/debug.config")
fi
FRAGS+=(${EXTRA_FRAGMENTS:-})
KMAKE=(make -C "$TREE" O="$OBJ" ARCH="$KARCH" -j"$JOBS")
[ -n "$CROSS_COMPILE" ] && KMAKE+=(CROSS_COMPILE="$CROSS_COMPILE")
[ "${CCACHE:-0}" = 1 ] && KMAKE+=(CC="ccache ${CROSS_COMPILE}gcc")
# An architecture with a fragment of its own: each fragment as that
# architecture reads it (written under $OBJ, so the stamp and the checks
# see what was merged), then its own fragment.
if [ -n "$ARCH_FRAGMENT" ]; then
	mkdir -p "$OBJ/fragments"
	ARCH_FRAG=$TOP/config/$ARCH_FRAGMENT
	[ -f "$ARCH_FRAG" ] || die "no $ARCH_FRAG"
	afrags=()
	for f in "${FRAGS[@]}"; do
		out=$OBJ/fragments/$(basename "$f")
		awk -f "$TOP/harness/archfrag.awk" "$ARCH_FRAG" "$f" > "$out"
		afrags+=("$out")
	done
	FRAGS=("${afrags[@]}" "$ARCH_FRAG")
fi

configure() {
	local stamp=$OBJ/.oomreap-config-stamp want
	want=$( (cat "${FRAGS[@]}"; git -C "$TREE" rev-parse HEAD; git -C "$TREE" diff HEAD -- '*Kconfig*') | sha256sum | cut -d' ' -f1)
	if [ -f "$OBJ/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		log "config in $OBJ is up to date"
		return 0
	fi
	mkdir -p "$OBJ"
	run "${KMAKE[@]}" -s tinyconfig
	run "$TREE/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "${FRAGS[@]}" >"$OBJ/merge_config.log" 2>&1 ||
		{ cat "$OBJ/merge_config.log" >&2; die "merge_config.sh failed"; }
	run "${KMAKE[@]}" -s olddefconfig
	check_config
	echo "$want" > "$stamp"
}

# Every CONFIG_X=v and "# CONFIG_X is not set" in the fragments must hold.
check_config() {
	local f line sym val missing=()
	for f in "${FRAGS[@]}"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*)
				grep -qxF "$line" "$OBJ/.config" || {
					sym=${line%%=*}
					val=$(grep -E "^$sym=|^# $sym is not set" "$OBJ/.config" || echo "$sym missing")
					missing+=("$line (got: $val) from $(basename "$f")")
				} ;;
			"# CONFIG_"*" is not set")
				sym=${line#\# }; sym=${sym%% *}
				! grep -q "^$sym=" "$OBJ/.config" || missing+=("$line (got: $(grep "^$sym=" "$OBJ/.config"))") ;;
			esac
		done < "$f"
	done
	rm -f "$OBJ/config-missing.txt"
	if [ ${#missing[@]} -gt 0 ] && [ "${CONFIG_CHECK:-}" = warn ]; then
		# make fragment-check: what a fragment lacks is its finding, not
		# the end of the build; the list is kept for its report.
		printf '%s\n' "${missing[@]}" > "$OBJ/config-missing.txt"
		printf 'WARNING: requested option not in '"$OBJ"'/.config: %s\n' "${missing[@]}" >&2
		return 0
	fi
	if [ ${#missing[@]} -gt 0 ]; then
		printf 'ERROR: requested option not in '"$OBJ"'/.config: %s\n' "${missing[@]}" >&2
		exit 1
	fi
	log "all $(cat "${FRAGS[@]}" | grep -c '^CONFIG_\|^# CONFIG_.* is not set') requested options are in .config"
}

build() {
	run "${KMAKE[@]}" "$(basename "$KIMAGE")" modules >"$OBJ/build.log" 2>&1 || {
		tail -40 "$OBJ/build.log" >&2
		die "kernel build failed (log: $OBJ/build.log)"
	}
	grep -E ': (warning|error):' "$OBJ/build.log" >&2 || true
	rm -rf "$OBJ/modroot"
	run "${KMAKE[@]}" -s modules_install INSTALL_MOD_PATH="$OBJ/modroot" INSTALL_MOD_STRIP=1 >/dev/null
	run "${KMAKE[@]}" -s headers >/dev/null
	log "built $(kernelrelease): $OBJ/$KIMAGE"
}

case ${1:-all} in
config) configure ;;
all) configure; build ;;
*) die "usage: build.sh [config|all]" ;;
esac
