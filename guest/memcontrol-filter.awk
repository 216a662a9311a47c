# SPDX-License-Identifier: GPL-2.0
# Filter test_memcontrol's TAP (guest/run-tests.sh): keep the OOM tests'
# results (test_memcg_oom_*), renumbered, and turn every other line into a
# diagnostic.  Its children inherit unflushed stdio buffers, so a line can
# appear twice (each test counts once), and a child the OOM killer kills
# takes its copy with it: in the guest the "1..N" plan line and a test's
# result line have gone missing that way while the binary ran to its end.
# So the plan is not a verdict: a binary that reports fewer tests than it
# planned, or no plan, gets a diagnostic.  What fails it: an OOM test that
# failed, no OOM test at all, or death by a signal (-v status=N, the
# binary's exit status: 128 and above is a crash or a kill).
BEGIN { n = 0; bad = 0; plan = -1; ran = 0 }
/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
/^(not )?ok [0-9]+ / {
	if (seen[$0]++) next
	num = ($1 == "not") ? $3 : $2
	if (!(num in reported)) { reported[num] = 1; ran++ }
	name = $0; sub(/^.*(ok [0-9]+ (# SKIP )?)/, "", name); sub(/ .*/, "", name)
	if (name ~ /^test_memcg_oom_/) {
		if (done[name]++) next
		n++; line = $0; sub(/ok [0-9]+ /, "ok " n " ", line)
		if (line ~ /^not ok/) bad = 1
		out[n] = line; next
	}
	diag[++nd] = "# not counted here (not an OOM test): " $0; next
}
{ diag[++nd] = "# " $0 }
END {
	if (plan < 0) diag[++nd] = "# test_memcontrol printed no plan line (lost with a killed child's buffer?)"
	else if (ran != plan) diag[++nd] = "# test_memcontrol planned " plan " tests and reported " ran
	if (status + 0 >= 128) { diag[++nd] = "# test_memcontrol died with status " status; bad = 1 }
	if (n == 0) { diag[++nd] = "# no test_memcg_oom_* test in test_memcontrol's output"; bad = 1 }
	print "TAP version 13"; print "1.." n
	for (i = 1; i <= nd; i++) print diag[i]
	for (i = 1; i <= n; i++) print out[i]
	exit bad
}
