# SPDX-License-Identifier: GPL-2.0
# Common settings and helpers for the harness stages.  Sourced, not run.
#
# Every stage prints what it runs ("+ cmd") and how long it took, and can be
# run alone (make tree, make build, ...) or as part of make run / make test.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${B:-$TOP/build}			# everything generated lives here (ignored)
DEBUG=${DEBUG:-0}
# ARCH: the guest's architecture, x86_64 (the default) or arm64 (make
# test-arm64, or ARCH=arm64 on any stage), each described by
# config/qemu/ARCH.sh: kbuild's ARCH (KARCH), the toolchain's prefix
# (CROSS_COMPILE), the image make builds and QEMU boots (KIMAGE, relative
# to $OBJ), QEMU's machine.  arm64 has its own tree, build/linux-arm64, so
# that syncing or building one architecture never changes a file under
# the other's build, and its own variants, arm64 and arm64-debug
# (build/obj-arm64, build/obj-arm64-debug, logs named after them).
# TARGET_CC is the compiler of the guest's programs.
ARCH=${ARCH:-x86_64}
case $ARCH in
x86) ARCH=x86_64 ;;
aarch64) ARCH=arm64 ;;
esac
if [ ! -f "$TOP/config/qemu/$ARCH.sh" ]; then
	printf 'ERROR: ARCH=%s: the harness builds x86_64 or arm64 (config/qemu/)\n' "$ARCH" >&2
	exit 1
fi
# shellcheck source=config/qemu/x86_64.sh
. "$TOP/config/qemu/$ARCH.sh"
ARCH_TREE=$B/linux${ARCH_VARIANT:+-$ARCH_VARIANT}
TARGET_CC=${CROSS_COMPILE}gcc
TREE=${TREE:-$ARCH_TREE}		# git tree: base commit + series commits
# default/debug on x86_64; arm64/arm64-debug on arm64.
if [ "$DEBUG" = 1 ]; then
	VARIANT=${VARIANT:-${ARCH_VARIANT:+$ARCH_VARIANT-}debug}
else
	VARIANT=${VARIANT:-${ARCH_VARIANT:-default}}
fi
OBJ=${OBJ:-$B/obj-$VARIANT}		# kernel build output for this variant
JOBS=${JOBS:-$(nproc)}
BASE_TARBALL=${BASE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
BASE_PACKAGE=linux-source-6.12
# The version of the series: make export writes "[PATCH vN NN/MM]", the
# cover letter lists its "Changes since vN-1:", make checks checks both.
SERIES_VERSION=${SERIES_VERSION:-4}
# The one identity that authors and signs off the series.
IDENTITY_NAME=$(sed -n 's/^name: *//p' "$TOP/IDENTITY")
IDENTITY_EMAIL=$(sed -n 's/^email: *//p' "$TOP/IDENTITY")
export KBUILD_BUILD_USER=oomreap KBUILD_BUILD_HOST=harness

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
run()  { printf '+ %s\n' "$*" >&2; "$@"; }

# stage NAME CMD...: run a stage, report its wall time.
stage() {
	local name=$1 t0 rc=0
	shift
	t0=$(date +%s)
	log "stage $name: start"
	"$@" || rc=$?
	log "stage $name: $( [ $rc = 0 ] && echo done || echo "FAILED (exit $rc)" ) in $(( $(date +%s) - t0 ))s"
	return $rc
}

# The series' patches in order, as listed in patches/series.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$TOP/patches/series"
}

# A hash of everything that defines the series (order and content).
series_hash() {
	( cd "$TOP/patches" && cat series $(series_patches) ) | sha256sum | cut -d' ' -f1
}

kernelrelease() {
	make -s -C "$TREE" O="$OBJ" ARCH="$KARCH" kernelrelease 2>/dev/null
}

# guest_stages: what comes before a guest's initramfs, for the on-demand
# targets that boot their own kernel (make kcsan, make kselftest).
guest_stages() {
	"$TOP/harness/deps.sh"
	stage tree "$TOP/harness/tree.sh"
	stage build "$TOP/harness/build.sh"
	stage selftests "$TOP/harness/selftests.sh"
}

# suite_cases TSV SUITE: the rows of results.py's table of cases TSV for
# SUITE's cases, for the binary SUITE itself and for the run as a whole
# (KTAP that could not be parsed), as "result case reason" (tab-separated).
suite_cases() {
	awk -F'\t' -v s="$2" '$1 == s || ($1 == "" && ($2 == s || $2 == "")) { print $3 "\t" $2 "\t" $4 }' "$1"
}

# splats LOG: the lines of a console log or a dmesg that are kernel errors
# by harness/kernel-errors.txt, the one list of them (its comments and
# empty lines left out: an empty pattern matches every line).  Fails when
# there is none.
splats() {
	local errors=$TOP/harness/kernel-errors.txt
	[ -r "$errors" ] || die "no list of kernel errors at $errors"
	grep -E -f <(grep -Ev '^(#|$)' "$errors") "$1"
}
