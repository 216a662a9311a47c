#!/bin/bash
# After make test: the lone reap on 1 vCPU (TCG wall clock), base / patched / patched with a 16x slice budget.
set -e
cd /work/main/build/linux
rm -rf /work/exp/linux16; git worktree prune
git worktree add -q -f --detach /work/exp/linux16 series
sed -i 's/^#define OOM_REAP_SLICE_BUDGET\t(2 \* PTRS_PER_PTE)$/#define OOM_REAP_SLICE_BUDGET\t(32 * PTRS_PER_PTE)/' /work/exp/linux16/mm/oom_kill.c
grep -n "define OOM_REAP_SLICE_BUDGET" /work/exp/linux16/mm/oom_kill.c
mkdir -p /work/exp/obj16
cp /work/main/build/obj-default/.config /work/exp/obj16/.config
cd /work/exp/linux16
make O=/work/exp/obj16 ARCH=x86_64 olddefconfig >/dev/null
make O=/work/exp/obj16 ARCH=x86_64 -j2 -s bzImage
cp /work/main/build/obj-default/initramfs.cpio.gz /work/exp/obj16/
cd /work/main
for r in 1 2 3; do
  for k in base patched p16; do
    case $k in base) o=build/obj-bench-base;; patched) o=build/obj-default;; p16) o=/work/exp/obj16;; esac
    LOGDIR=/tmp/b16/$r/bench-big1-$k OBJ=$(realpath $o) ICOUNT=0 SMP=1 EXTRA_CMDLINE="oomreap.runs=2 oomreap.big_parts=one" harness/boot.sh bench-big.sh > /tmp/b16-$r-$k.log 2>&1
  done
done
echo done
