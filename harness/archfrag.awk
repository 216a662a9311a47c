# SPDX-License-Identifier: GPL-2.0
# awk -f archfrag.awk ARCH_FRAGMENT FRAGMENT: FRAGMENT without the lines
# that set or unset an option ARCH_FRAGMENT names in a "# drop: CONFIG_X"
# line (x86's own options, on arm64: config/arm64.config).  Everything
# else, comments included, is printed as it is.
FNR == NR {
	if ($1 == "#" && $2 == "drop:")
		for (i = 3; i <= NF; i++)
			drop[$i] = 1
	next
}
{
	sym = ""
	if (match($0, /^CONFIG_[A-Za-z0-9_]+=/))
		sym = substr($0, 1, RLENGTH - 1)
	else if (match($0, /^# CONFIG_[A-Za-z0-9_]+ is not set/))
		sym = $2
	if (!(sym in drop))
		print
}
