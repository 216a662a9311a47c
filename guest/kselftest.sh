#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make kselftest, in the guest: oom_reaper_test the way the kselftest
# framework runs it, from a kselftest-install tree of TARGETS=mm
# (/kselftest_install): run_kselftest.sh runs mm's run_vmtests.sh, which
# VM_SELFTEST_ITEMS=oom_reaper limits to the oom_reaper category.  The
# framework passes no -d: the destructive cases must skip and say why.
# The output goes to the host as the section "kselftest".
K=/kselftest_install
[ -x $K/run_kselftest.sh ] || { echo "guest: no $K in the initramfs" > /dev/console; exit 2; }
[ -x /bin/bash ] || { echo "guest: no /bin/bash (bash-static) for run_vmtests.sh" > /dev/console; exit 2; }
# The runner writes to /dev/stdout, which devtmpfs does not provide (udev
# makes these links on a real machine).
for f in stdin:0 stdout:1 stderr:2; do
	rm -f /dev/${f%:*}
	ln -s /proc/self/fd/${f#*:} /dev/${f%:*}
done
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# The runner calls /usr/bin/timeout --foreground, which busybox's timeout
# does not take; without it the runner runs the test unbounded, and the
# host's boot timeout bounds the run.
[ -L /usr/bin/timeout ] && rm -f /usr/bin/timeout
cd $K || exit 2
VM_SELFTEST_ITEMS=oom_reaper ./run_kselftest.sh -t mm:run_vmtests.sh \
	-o "${KSELFTEST_TIMEOUT:-1800}" > /tmp/kselftest.txt 2>&1
rc=$?
echo "# run_kselftest.sh exited with $rc" >> /tmp/kselftest.txt
/guest/emit kselftest /tmp/kselftest.txt
exit $rc
