#!/bin/sh
# soak-guest.sh: the command that make soak gives the test guest (boot.sh).
# Runs irqchip_lock_test's handshake phase (every lane, the antagonists
# on) again and again, each run with a seed of its own, until
# KT_SOAK_HANDSHAKES handshakes have passed or a run fails.  Each run
# asserts its exact accounting (every interrupt sent handled once, no
# idle delivery where none may happen); a handshake counts when its run
# passed.  After each run a progress line goes to the output and to
# /run/out/progress (which boot.sh shows).  Prints TAP in kselftest's
# format: one result, "soak", with the failed run's output before it.
#   KT_DIR               kselftest install directory
#   KT_TIMEOUT           seconds each run may take
#   KT_SOAK_HANDSHAKES   handshakes to pass in all
#   KT_SOAK_PER_LANE     handshakes per lane and run (-n)
# /run/out/soak-xfail, when there: the sub-tests that fail on this
# kernel for a known bug of it (the base's BASE_BUGS), one name prefix per
# line; a run whose failed sub-tests are all of these passes, and is
# counted apart.
set -u
bin=$KT_DIR/kvm/irqchip_lock_test
want=$KT_SOAK_HANDSHAKES per=$KT_SOAK_PER_LANE
mkdir -p /run/out/soak

echo "TAP version 13"
echo "1..1"
echo "# selftests: kvm: soak"
total=0 runs=0 why="" t0=$(date +%s)
xfail=/run/out/soak-xfail
[ -s "$xfail" ] || xfail=""
: >/run/out/soak/xfails

# known_only OUT: the failed sub-tests of the run in OUT, when all of
# them are known bugs of this kernel; fails otherwise.
known_only() {
	[ -n "$xfail" ] || return 1
	awk -v list="$xfail" '
		BEGIN { while ((getline l <list) > 0) if (l != "") pre[++n] = l }
		/^not ok [0-9]+ / {
			st = $0
			sub(/^not ok [0-9]+ /, "", st)
			for (i = 1; i <= n; i++)
				if (index(st, pre[i]) == 1) break
			if (i > n) bad = 1
			hit = hit (hit ? "; " : "") st
		}
		END { if (bad || hit == "") exit 1; print hit }
	' "$1"
}
while [ "$total" -lt "$want" ]; do
	runs=$((runs + 1))
	out=/run/out/soak/run-$runs.txt
	seed=0x$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	timeout -k 5 "$KT_TIMEOUT" "$bin" -m handshake -a -n "$per" -s "$seed" >"$out" 2>&1
	rc=$?
	# "# handshake LANE: sent N handled N idle N work N resampled N/N",
	# then "ok N handshake LANE": only a lane that passed counts.
	n=$(awk '$2 == "handshake" && $4 == "sent" { sent[$3] = $5 }
		$1 == "ok" && $3 == "handshake" { s += sent[$4 ":"] }
		END { print s + 0 }' "$out")
	known=""
	[ "$rc" -ne 1 ] || known=$(known_only "$out") || known=""
	case $rc in
	0) ;;
	1) [ -n "$known" ] || why="run $runs (-s $seed): exit=$rc" ;;
	124 | 137) why="run $runs (-s $seed): TIMEOUT $KT_TIMEOUT seconds" ;;
	*) why="run $runs (-s $seed): exit=$rc" ;;
	esac
	if [ -z "$why" ] && [ "$n" -eq 0 ]; then
		why="run $runs: no handshake counted (the test's output changed?)"
	fi
	if [ -n "$why" ]; then
		sed 's/^/# /' "$out"
		break
	fi
	total=$((total + n))
	if [ -n "$known" ]; then
		echo "# soak: run $runs (-s $seed): known bug(s) of this kernel only: $known"
		echo "$known" >>/run/out/soak/xfails
	fi
	el=$(($(date +%s) - t0))
	line="soak: $total of $want handshakes, run $runs (-s $seed), ${el}s, $((total / (el > 0 ? el : 1)))/s"
	echo "# $line"
	echo "$line" >>/run/out/progress
	# Keep the last run's output and any failed one: a million
	# handshakes' worth would not fit.
	[ "$runs" -le 1 ] || rm -f "/run/out/soak/run-$((runs - 1)).txt"
done
el=$(($(date +%s) - t0))
if [ -z "$why" ]; then
	nx=$(wc -l </run/out/soak/xfails)
	[ "$nx" -eq 0 ] ||
		echo "# soak: $nx run(s) failed known bug(s) of this kernel and nothing else: $(sort /run/out/soak/xfails | uniq -c | awk '{ c = $1; $1 = ""; printf "%s%s x%d", s, substr($0, 2), c; s = "; " }')"
	echo "# soak: $total handshakes in $runs runs of $per per lane, ${el}s, exact accounting in every run${xfail:+ (known bugs aside, above)}"
	echo "ok 1 selftests: kvm: soak"
else
	echo "# soak: $total handshakes passed in $((runs - 1)) runs before $why, ${el}s"
	echo "not ok 1 selftests: kvm: soak # $why"
fi
