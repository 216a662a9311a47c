# SPDX-License-Identifier: GPL-2.0
"""ARCH=arm64 (make test-arm64): what harness/lib.sh makes of ARCH and
DEBUG (tree, build variant, object dir, kernel image, compilers, QEMU's
machine, from config/qemu/ARCH.sh), and
harness/archfrag.awk, which leaves x86's own lines out of the config
fragments on arm64 (config/arm64.config names them), with awk and
busybox awk."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
TOP = os.path.dirname(HARNESS)
AWK = os.path.join(HARNESS, "archfrag.awk")
ARM64 = os.path.join(TOP, "config", "arm64.config")
QEMU_VARS = ("QEMU_BIN", "QEMU_MACHINE", "QEMU_CONSOLE", "QEMU_CMDLINE", "QEMU_SLOW", "QEMU_HOST_TSC",
             "ARCH_FRAGMENT", "HOST_BINARIES")
VARS = ("ARCH", "KARCH", "CROSS_COMPILE", "TARGET_CC", "KIMAGE", "TREE", "VARIANT", "OBJ") + QEMU_VARS


def lib(arch=None, debug=None):
    """lib.sh's settings for this ARCH and DEBUG, as a dict (B=/b)."""
    env = {k: v for k, v in os.environ.items() if k not in VARS + ("DEBUG", "B")}
    env["B"] = "/b"
    if arch is not None:
        env["ARCH"] = arch
    if debug is not None:
        env["DEBUG"] = debug
    script = ". %s/lib.sh; for v in %s; do printf '%%s=%%s\\n' $v \"${!v}\"; done" % (HARNESS, " ".join(VARS))
    r = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    if r.returncode:
        return r.returncode, r.stderr
    return 0, dict(line.split("=", 1) for line in r.stdout.splitlines())


class Lib(unittest.TestCase):
    def test_x86_is_the_default_and_unchanged(self):
        for arch in (None, "x86_64", "x86"):
            rc, v = lib(arch)
            self.assertEqual(rc, 0)
            self.assertEqual((v["ARCH"], v["KARCH"], v["CROSS_COMPILE"], v["TARGET_CC"]), ("x86_64", "x86_64", "", "gcc"))
            self.assertEqual((v["TREE"], v["VARIANT"], v["OBJ"]), ("/b/linux", "default", "/b/obj-default"))
            self.assertEqual(v["KIMAGE"], "arch/x86/boot/bzImage")
        rc, v = lib(None, "1")
        self.assertEqual((v["TREE"], v["VARIANT"], v["OBJ"]), ("/b/linux", "debug", "/b/obj-debug"))
        self.assertEqual([v[k] for k in QEMU_VARS], ["qemu-system-x86_64", "microvm,acpi=off", "ttyS0", "reboot=t",
                                                     "1", "1", "", "1"])

    def test_arm64(self):
        for arch in ("arm64", "aarch64"):
            rc, v = lib(arch)
            self.assertEqual(rc, 0)
            self.assertEqual((v["ARCH"], v["KARCH"], v["CROSS_COMPILE"], v["TARGET_CC"]),
                             ("arm64", "arm64", "aarch64-linux-gnu-", "aarch64-linux-gnu-gcc"))
            self.assertEqual((v["TREE"], v["VARIANT"], v["OBJ"]), ("/b/linux-arm64", "arm64", "/b/obj-arm64"))
            self.assertEqual(v["KIMAGE"], "arch/arm64/boot/Image")
        rc, v = lib("arm64", "1")
        self.assertEqual((v["VARIANT"], v["OBJ"]), ("arm64-debug", "/b/obj-arm64-debug"))
        self.assertEqual([v[k] for k in QEMU_VARS], ["qemu-system-aarch64", "virt", "ttyAMA0", "",
                                                     "2", "0", "arm64.config", "0"])

    def test_every_arch_file_sets_every_variable(self):
        # A variable one file leaves out would keep the value of no
        # architecture (lib.sh runs with set -u).
        qemu = os.path.join(TOP, "config", "qemu")
        for name in sorted(os.listdir(qemu)):
            with open(os.path.join(qemu, name)) as f:
                set_here = {l.split("=", 1)[0] for l in f if re.match(r"^[A-Z_]+=", l)}
            self.assertEqual(set_here, {"KARCH", "CROSS_COMPILE", "KIMAGE", "ARCH_VARIANT"} | set(QEMU_VARS), name)

    def test_unknown_arch(self):
        rc, err = lib("riscv")
        self.assertNotEqual(rc, 0)
        self.assertIn("ARCH=riscv", err)


class ArchFragment(unittest.TestCase):
    AWKS = [["awk"]] + ([["busybox", "awk"]] if shutil.which("busybox") else [])

    def filter(self, awk, arch_frag, frag):
        r = subprocess.run(awk + ["-f", AWK, arch_frag, frag], capture_output=True, text=True, check=True)
        return r.stdout

    def test_oomreap_config_on_arm64(self):
        with open(os.path.join(TOP, "config", "oomreap.config")) as f:
            lines = f.read().splitlines()
        for awk in self.AWKS:
            out = self.filter(awk, ARM64, os.path.join(TOP, "config", "oomreap.config")).splitlines()
            self.assertEqual(out, [x for x in lines if x != "CONFIG_X86_MPPARSE=y"])

    def test_debug_config_is_whole(self):
        path = os.path.join(TOP, "config", "debug.config")
        with open(path) as f:
            want = f.read()
        for awk in self.AWKS:
            self.assertEqual(self.filter(awk, ARM64, path), want)

    def test_drop_lines(self):
        with tempfile.TemporaryDirectory() as tmp:
            arch = os.path.join(tmp, "arch.config")
            frag = os.path.join(tmp, "frag.config")
            with open(arch, "w") as f:
                f.write("# drop: CONFIG_A CONFIG_B\n# drop: CONFIG_C\nCONFIG_Z=y\n")
            with open(frag, "w") as f:
                f.write("# CONFIG_A is here in a comment\nCONFIG_A=y\nCONFIG_AB=y\n"
                        "# CONFIG_B is not set\nCONFIG_C=\"x\"\nCONFIG_D=m\n")
            for awk in self.AWKS:
                self.assertEqual(self.filter(awk, arch, frag),
                                 "# CONFIG_A is here in a comment\nCONFIG_AB=y\nCONFIG_D=m\n")


if __name__ == "__main__":
    unittest.main()
