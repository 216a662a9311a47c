#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, when any is missing, and
# warn when the base kernel package is not the version the series was last
# tested on (BASE_VERSION).  'deps.sh robot' installs the set make robot
# needs on top (cross and LLVM toolchains, Debian's kernel configs), which
# make test does not.  'deps.sh arm64' (make test-arm64, or any stage with
# ARCH=arm64) installs the arm64 cross compiler and QEMU, and extracts
# Debian's static arm64 busybox (busybox-static:arm64, the arm64
# architecture added to dpkg for it) into $B/arm64/busybox.  Without an
# argument it also builds the host's tool $B/tsckhz (harness/tsckhz.c,
# for boot.sh).
. "$(dirname "$0")/lib.sh"

PKGS=(
	linux-source-6.12		# the base kernel
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils kmod
	python3 git rsync		# tree, export, result parsing
	python3-ply python3-git		# checkpatch's SPDX check
	qemu-system-x86 busybox-static	# the guest
	libcap-dev libnuma-dev		# mm selftests
	sparse coccinelle ocaml-nox	# static checks (some .cocci scripts need OCaml)
	stress-ng			# storm scenarios
	trace-cmd			# the guest records its traces with it
	gnuplot-nox			# benchmark plots
	bash-static			# make mmtests: run_vmtests.sh is bash
	ccache
)
# make robot: clang/LLVM=1, the arm64 cross compiler (and its libc for
# static test binaries), Debian's own kernel configurations.
ROBOT_PKGS=(
	clang lld llvm
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	linux-config-6.12
	dwarves				# pahole: Debian's config has BTF (ROBOT_OBJS_ONLY=0)
)
# make test-arm64: the cross compiler and its libc (static test binaries),
# qemu-system-aarch64; busybox-static:arm64 is extracted, not installed.
ARM64_PKGS=(
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	qemu-system-arm
)
case ${1:-} in
'') ;;
robot) PKGS=("${ROBOT_PKGS[@]}") ;;
arm64) PKGS=("${ARM64_PKGS[@]}") ;;
*) die "usage: deps.sh [robot|arm64]" ;;
esac

pkgs=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		pkgs+=("$p")
done

# The arm64 busybox is downloaded from the arm64 package lists: add the
# architecture before the one apt-get update.
updated=0
if [ "${1:-}" = arm64 ] && [ ! -x "$B/arm64/busybox" ] &&
   ! dpkg --print-foreign-architectures | grep -qx arm64; then
	[ "$(id -u)" = 0 ] || die "dpkg has no arm64 architecture (for busybox-static:arm64) and not root"
	run dpkg --add-architecture arm64
	run apt-get update -q
	updated=1
fi
if [ ${#pkgs[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "missing packages (${pkgs[*]}) and not root: install them or run as root"
	log "installing: ${pkgs[*]}"
	[ $updated = 1 ] || run apt-get update -q
	DEBIAN_FRONTEND=noninteractive run apt-get install -y -q --no-install-recommends "${pkgs[@]}"
fi

# busybox-static:arm64 from Debian's archive, unpacked with dpkg-deb (not
# installed: it would replace the host's busybox).  apt-get download needs
# the arm64 architecture known to dpkg and its package lists.
static_arm64() {
	[ -x "$1" ] && readelf -h "$1" 2>/dev/null | grep -q 'Machine: *AArch64' &&
		! readelf -l "$1" | grep -q 'program interpreter'
}
arm64_busybox() {
	local bb=$B/arm64/busybox dir=$B/arm64/busybox-deb deb
	static_arm64 "$bb" && return 0
	[ "$(id -u)" = 0 ] || die "no arm64 busybox at $bb and not root: extract Debian's busybox-static:arm64 there"
	rm -rf "$dir"
	mkdir -p "$dir"
	( cd "$dir" && run apt-get download -q busybox-static:arm64 ) ||
		{ run apt-get update -q; ( cd "$dir" && run apt-get download -q busybox-static:arm64 ); } ||
		die "could not download busybox-static:arm64"
	deb=$(ls "$dir"/busybox-static_*_arm64.deb)
	run dpkg-deb -x "$deb" "$dir/root"
	cp "$dir/root/bin/busybox" "$bb"
	static_arm64 "$bb" || die "$bb is not a static arm64 binary"
	log "arm64 busybox: $(basename "$deb") extracted to $bb"
}
[ "${1:-}" = arm64 ] && arm64_busybox
if [ -z "${1:-}" ] && [ ! "$B/tsckhz" -nt "$TOP/harness/tsckhz.c" ]; then
	mkdir -p "$B"
	run gcc -O2 -o "$B/tsckhz" "$TOP/harness/tsckhz.c"
fi

have=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE")
want=$(sed -e 's/#.*//' -e '/^$/d' "$TOP/BASE_VERSION")
if [ "$have" != "$want" ]; then
	warn "$BASE_PACKAGE is $have; the series was last tested on $want (BASE_VERSION)"
fi
[ -r "$BASE_TARBALL" ] || die "$BASE_TARBALL not found after installing $BASE_PACKAGE"
log "dependencies present ($BASE_PACKAGE $have)"
