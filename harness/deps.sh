#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, when any is missing, and
# warn when the base kernel package is not the version the series was last
# tested on (BASE_VERSION).  'deps.sh robot' installs the set make robot
# needs on top (cross and LLVM toolchains, Debian's kernel configs), which
# make test does not.
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
case ${1:-} in
'') ;;
robot) PKGS=("${ROBOT_PKGS[@]}") ;;
*) die "usage: deps.sh [robot]" ;;
esac

pkgs=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		pkgs+=("$p")
done

if [ ${#pkgs[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "missing packages (${pkgs[*]}) and not root: install them or run as root"
	log "installing: ${pkgs[*]}"
	run apt-get update -q
	DEBIAN_FRONTEND=noninteractive run apt-get install -y -q --no-install-recommends "${pkgs[@]}"
fi

have=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE")
want=$(sed -e 's/#.*//' -e '/^$/d' "$TOP/BASE_VERSION")
if [ "$have" != "$want" ]; then
	warn "$BASE_PACKAGE is $have; the series was last tested on $want (BASE_VERSION)"
fi
[ -r "$BASE_TARBALL" ] || die "$BASE_TARBALL not found after installing $BASE_PACKAGE"
log "dependencies present ($BASE_PACKAGE $have)"
