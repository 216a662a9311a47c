#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sizes.sh: print "size task_struct N" and "size mm_struct N" for the
# kernel built in $OBJ from $TREE, from an out-of-tree object compiled
# against it (the kernel has no debug info to ask pahole).
. "$(dirname "$0")/lib.sh"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cat > "$d/sizes.c" <<'C'
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/mm_types.h>
char sizeof_task_struct[sizeof(struct task_struct)];
char sizeof_mm_struct[sizeof(struct mm_struct)];
MODULE_LICENSE("GPL");
C
echo 'obj-m := sizes.o' > "$d/Makefile"
make -s -C "$TREE" O="$OBJ" ARCH=x86_64 M="$d" modules >/dev/null 2>&1 ||
	die "cannot build the size probe against $OBJ"
nm -S "$d/sizes.o" | while read -r addr size type name; do
	case $name in sizeof_*) echo "size ${name#sizeof_} $((16#$size))" ;; esac
done
