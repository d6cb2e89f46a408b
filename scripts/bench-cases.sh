#!/bin/sh
# bench-cases.sh [PATH,...]: the cases of "make bench", one per line:
# "PATH VCPUS LINES": which lane of irqchip_lock_test, how many vCPUs take
# its interrupts, how many lines (each with a host thread) raise them.
# PATHs default to every lane.  Sourced by nothing: the host (bench.sh,
# bench-table.sh) and the guest (bench-guest.sh) both run it, so that they
# agree on the cases.
set -eu

all="ioapic-edge-irqline ioapic-edge-irqfd ioapic-level-irqline ioapic-level-resample \
pic-edge-irqline pic-edge-irqfd pic-level-irqline pic-level-resample"
paths=$(echo "${1:-}" | tr ',' ' ')
for p in $paths; do
	echo "$all" | tr ' ' '\n' | grep -qx -- "$p" ||
		{ echo "FAILED: BENCH_PATHS: no path '$p'; the paths are: $all" >&2; exit 1; }
done
for p in ${paths:-$all}; do
	for vcpus in 1 2 4; do
		for lines in 1 4; do
			echo "$p $vcpus $lines"
		done
	done
done
