#!/bin/sh
# bench-guest.sh: the command that make bench gives the test guest (boot.sh).
# Runs irqchip_lock_test -m bench for every case of bench-cases.sh and
# prints TAP in kselftest's format, one result per case, named
# "bench:PATH:vVCPUS:tLINES", with the test's output before it.
#   KT_DIR           kselftest install directory
#   KT_TIMEOUT       seconds each case may run
#   KT_BENCH_SECS    seconds each case measures
#   KT_BENCH_PATHS   lanes to measure, comma separated (default all)
set -u
bin=$KT_DIR/kvm/irqchip_lock_test
cases=$("$(dirname "$0")/bench-cases.sh" "${KT_BENCH_PATHS:-}") || exit 1
out=/run/tmp/bench.out

echo "TAP version 13"
echo "1..$(echo "$cases" | wc -l)"
n=0
echo "$cases" | while read -r path vcpus lines; do
	n=$((n + 1))
	name=bench:$path:v$vcpus:t$lines
	echo "# selftests: kvm: $name"
	# vCPU0 programs the chips, then halts: one more than the vCPUs
	# that take the interrupts.
	timeout -k 5 "$KT_TIMEOUT" "$bin" -m bench -l "$path" -v $((vcpus + 1)) \
		-t "$lines" -d "$KT_BENCH_SECS" >"$out" 2>&1
	rc=$?
	sed 's/^/# /' "$out"
	case $rc in
	0) echo "ok $n selftests: kvm: $name" ;;
	124 | 137) echo "not ok $n selftests: kvm: $name # TIMEOUT $KT_TIMEOUT seconds" ;;
	*) echo "not ok $n selftests: kvm: $name # exit=$rc" ;;
	esac
done
