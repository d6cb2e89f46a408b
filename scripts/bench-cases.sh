#!/bin/sh
# bench-cases.sh [PATH,...] [KIND]: the cases of "make bench", one name per
# line; KIND (bench or locks) keeps those of one kind.
#   bench:PATH:vVCPUS:tLINES        throughput: irqchip_lock_test -m bench
#                                   on lane PATH, VCPUS vCPUs taking its
#                                   interrupts, LINES lines (each with a
#                                   host thread) raising them
#   locks:PATH:vVCPUS:tLINES:short  lock traffic: the same, run for 1 s and
#   locks:PATH:vVCPUS:tLINES:long   for 1 + BENCH_SECS s, with /proc/lock_stat
#                                   read around each; the difference is the
#                                   handshakes' own, without the VM's set-up
# PATHs default to every lane.  Sourced by nothing: the host (bench.sh,
# boot.sh, bench-table.sh) and the guest (bench-guest.sh) both run it, so
# that they agree on the cases.
set -eu

all="ioapic-edge-irqline ioapic-edge-irqfd ioapic-level-irqline ioapic-level-resample \
pic-edge-irqline pic-edge-irqfd pic-level-irqline pic-level-resample"
paths=$(echo "${1:-}" | tr ',' ' ')
kind=${2:-}
case $kind in
'' | bench | locks) ;;
*) echo "FAILED: bench-cases.sh: no kind of case '$kind': bench or locks" >&2; exit 1 ;;
esac
for p in $paths; do
	echo "$all" | tr ' ' '\n' | grep -qx -- "$p" ||
		{ echo "FAILED: BENCH_PATHS: no path '$p'; the paths are: $all" >&2; exit 1; }
done
[ "$kind" = locks ] || for p in ${paths:-$all}; do
	for vcpus in 1 2 4; do
		for lines in 1 4; do
			echo "bench:$p:v$vcpus:t$lines"
		done
	done
done
# Lock traffic alone (one vCPU, one line) and with the most contention.
[ "$kind" = bench ] || for p in ${paths:-$all}; do
	for c in v1:t1 v4:t4; do
		echo "locks:$p:$c:short"
		echo "locks:$p:$c:long"
	done
done
