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
set -u
bin=$KT_DIR/kvm/irqchip_lock_test
want=$KT_SOAK_HANDSHAKES per=$KT_SOAK_PER_LANE
mkdir -p /run/out/soak

echo "TAP version 13"
echo "1..1"
echo "# selftests: kvm: soak"
total=0 runs=0 why="" t0=$(date +%s)
while [ "$total" -lt "$want" ]; do
	runs=$((runs + 1))
	out=/run/out/soak/run-$runs.txt
	seed=0x$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	timeout -k 5 "$KT_TIMEOUT" "$bin" -m handshake -a -n "$per" -s "$seed" >"$out" 2>&1
	rc=$?
	# "# handshake LANE: sent N handled N idle N work N resampled N/N"
	n=$(awk '$2 == "handshake" && $4 == "sent" { s += $5 } END { print s + 0 }' "$out")
	case $rc in
	0) ;;
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
	echo "# soak: $total handshakes in $runs runs of $per per lane, ${el}s, exact accounting in every run"
	echo "ok 1 selftests: kvm: soak"
else
	echo "# soak: $total handshakes passed in $((runs - 1)) runs before $why, ${el}s"
	echo "not ok 1 selftests: kvm: soak # $why"
fi
