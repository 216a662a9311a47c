# SPDX-License-Identifier: GPL-2.0
# The checks that failed in case c of a kselftest_harness KTAP: for each
# "Expected ..." line, the message logged with it, or the expectation.
index($0, "RUN           " c " ") { on = 1; next }
!on { next }
/^    # +(OK|FAIL|SKIP) / { flush(); exit }
/oom_reaper_[a-z]+\.[ch]:[0-9]+:[^:]*:/ {
	msg = $0
	sub(/^ *# *oom_reaper_[a-z]+\.[ch]:[0-9]+:[^:]*:/, "", msg)
	if (msg ~ /^Expected /) {
		flush()
		pending = msg
	} else if (pending != "" && msg != "") {
		add(msg)
		pending = ""
	}
}
function add(m) { out = out (n++ ? "; " : "") m }
function flush() { if (pending != "") add(pending); pending = "" }
END { flush(); printf "%s", out }
