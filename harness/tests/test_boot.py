# SPDX-License-Identifier: GPL-2.0
"""harness/boot.sh's QEMU command line on each architecture, with a fake
QEMU (data/boot/qemu) that records its arguments and reports exit status
0, and a fake tsckhz (the host's TSC rate, 2000000 kHz).

data/boot/CASE.args is the command (timeout, QEMU and its arguments, one
a line) that boot.sh ran for CASE before the architectures' differences
moved into config/qemu/ (2026-12-07); tmp paths read T."""
import os
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "boot")
CONSTANT_TSC = all(f in open("/proc/cpuinfo").read().split() for f in ("constant_tsc", "nonstop_tsc"))

# CASE: the variables boot.sh runs with.
CASES = {
    "x86_64": {},
    "x86_64-debug": {"DEBUG": "1"},
    "x86_64-icount": {"ICOUNT": "1"},
    "x86_64-kvm": {"ACCEL": "kvm"},
    "x86_64-extra": {"EXTRA_CMDLINE": "oomreap.only=big.x", "MEM": "1G", "SMP": "1"},
    "arm64": {"ARCH": "arm64"},
    "arm64-debug": {"ARCH": "arm64", "DEBUG": "1"},
}


def boot(variables, job="test", tsckhz=True):
    """boot.sh JOB with VARIABLES and fakes: (exit status, the command
    boot.sh ran as lines, T for the tmp dir, stderr)."""
    with tempfile.TemporaryDirectory() as t:
        b, obj, bindir = (os.path.join(t, d) for d in ("b", "obj", "bin"))
        os.makedirs(b)
        os.makedirs(bindir)
        for q in ("qemu-system-x86_64", "qemu-system-aarch64"):
            os.symlink(os.path.join(DATA, "qemu"), os.path.join(bindir, q))
        for image in ("arch/x86/boot/bzImage", "arch/arm64/boot/Image", "initramfs.cpio.gz"):
            os.makedirs(os.path.dirname(os.path.join(obj, image)), exist_ok=True)
            open(os.path.join(obj, image), "w").close()
        if tsckhz:
            with open(os.path.join(b, "tsckhz"), "w") as f:
                f.write("#!/bin/sh\necho 2000000\n")
            os.chmod(os.path.join(b, "tsckhz"), 0o755)
        env = {k: v for k, v in os.environ.items()
               if k not in ("ARCH", "DEBUG", "ICOUNT", "ACCEL", "EXTRA_CMDLINE", "MEM", "SMP", "BOOT_TIMEOUT",
                            "TREE", "VARIANT", "OBJ", "LOGDIR")}
        env.update(variables, B=b, OBJ=obj, LOGDIR=os.path.join(t, "log"), PATH=bindir + ":" + env["PATH"],
                   FAKE_QEMU_ARGS=os.path.join(t, "args"))
        r = subprocess.run(["bash", os.path.join(HARNESS, "boot.sh"), job], env=env, capture_output=True, text=True)
        timeout = [line for line in r.stderr.splitlines() if line.startswith("+ timeout ")]
        with open(env["FAKE_QEMU_ARGS"]) as f:
            args = f.read().splitlines()
        cmd = (timeout[0].split()[1:5] if timeout else []) + args
        return r.returncode, [a.replace(t, "T") for a in cmd], r.stderr


class Boot(unittest.TestCase):
    def test_recorded_command_lines(self):
        for case, variables in CASES.items():
            with self.subTest(case=case):
                rc, cmd, err = boot(variables)
                self.assertEqual(rc, 0, err)
                with open(os.path.join(DATA, case + ".args")) as f:
                    want = f.read().splitlines()
                if not CONSTANT_TSC:
                    want = [a.replace("  tsc_early_khz=2000000 tsc=reliable", " ") for a in want]
                self.assertEqual(cmd, want)

    def test_no_tsckhz(self):
        # Without the host tool (harness/deps.sh builds it) the guest
        # calibrates its own TSC, and boot.sh says so.
        rc, cmd, err = boot({}, tsckhz=False)
        self.assertEqual(rc, 0, err)
        self.assertNotIn("tsc_early_khz", cmd[-1])
        self.assertIn("WARNING: ", err)


if __name__ == "__main__":
    unittest.main()
