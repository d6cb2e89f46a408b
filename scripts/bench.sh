#!/bin/sh
# bench.sh: "make bench".  Build base and series twice: with the
# production-like configuration (config/bench-prod.config: no lockdep),
# whose throughput it measures, and with lock statistics
# (config/bench-locks.config), on which it counts the irqchip locks; and
# the series' KVM selftests.  Then boot the production-like kernels in
# turn, ROUNDS times (A B A B ...), each running irqchip_lock_test -m
# bench for every "bench:" case of bench-cases.sh, on single-threaded TCG
# with the guest's clock from QEMU's instruction count (BENCH_CLOCK); and
# the lock statistics kernels once each, running the "locks:" cases
# (bench-guest.sh: /proc/lock_stat read around them) on multi-threaded
# TCG, where the first-level vCPUs run in parallel and the locks can be
# contended.  Print one table (bench-table.sh) and a chart
# (bench-chart.sh).  Every boot is also a test run: a failed case or a
# kernel report fails the benchmark, and so does kvm->irq_lock taken by
# the handshakes.
. "$(dirname "$0")/common.sh"

ROUNDS=${ROUNDS:-2} BENCH_SECS=${BENCH_SECS:-2} BENCH_PATHS=${BENCH_PATHS:-}
# The guest's clock in the throughput boots, which the rates are measured
# in: icount (QEMU -icount shift=BENCH_SHIFT,sleep=off: one guest
# nanosecond per 2^BENCH_SHIFT instructions executed, so that a rate is a
# count of instructions per interrupt, the same from run to run) or wall
# (the host's, noise and all; the default under KVM, which has no
# instruction count).
accel=$(boot_accel) || exit 1
if [ "$accel" = tcg ]; then clock=icount; else clock=wall; fi
BENCH_CLOCK=${BENCH_CLOCK:-$clock} BENCH_SHIFT=${BENCH_SHIFT:-2}
# Under -icount the throughput boots give the first-level guest one CPU
# (unless SMP says otherwise): single-threaded TCG runs its vCPUs in turn,
# and when it switches from one to the other depends on events of the
# host (its I/O thread's), which made the cases with several host threads
# differ by 1-2% from boot to boot, against 0.2-0.5% with one.
tsmp=${SMP:-2}
case $BENCH_CLOCK in
wall) ICOUNT="" ;;
icount)
	tsmp=${SMP:-1}
	echo "$BENCH_SHIFT" | grep -qxE '[0-9]|10' || die "BENCH_SHIFT=$BENCH_SHIFT: a number from 0 to 10"
	[ "$accel" = tcg ] || die "BENCH_CLOCK=icount: QEMU counts instructions under TCG only, and the boots would use $accel (give ACCEL=tcg)"
	ICOUNT=shift=$BENCH_SHIFT,sleep=off
	;;
*) die "BENCH_CLOCK=$BENCH_CLOCK: use icount or wall" ;;
esac
for v in ROUNDS BENCH_SECS; do
	eval "val=\$$v"
	# shellcheck disable=SC2154 # set by the eval
	echo "$val" | grep -qxE '[1-9][0-9]*' || die "$v=$val: not a positive number"
done
lock_cache "$@"
S=$TOP/scripts
cases=$("$S/bench-cases.sh" "$BENCH_PATHS") || exit 1
new_results
mkdir -p "$RESULTS/bench"
[ -f "$RESULTS/stages" ] || : >"$RESULTS/stages"
say "results of this benchmark: $RESULTS"

prepare_stages
for k in base series; do
	if [ "$k" = base ]; then src=$BASE_SRC; else src=$SERIES_SRC; fi
	for c in prod locks; do
		stage "build $k bench kernel ($c)" "$S/build.sh" "$src" "$WORK/$k/bench-$c" \
			"$k-bench-$c" "$TOP/config/bench-$c.config" ||
			job_failed "building the $k bench kernel ($c)"
	done
done
stage "build KVM selftests" "$S/selftests.sh" "$SERIES_SRC" "$WORK/series/bench-locks" ||
	job_failed "building the KVM selftests"
kst=$WORK/series/bench-locks/kselftest-install

# bench_boot KERNEL CONFIG OUT KIND WHAT ICOUNT TCG_THREAD SMP: boot one
# bench kernel with the cases of KIND, and count its results.
pass=0 fail=0
bench_boot() {
	tests=$("$S/bench-cases.sh" "$BENCH_PATHS" "$4")
	stage "$5: boot $1 kernel ($2), $(echo "$tests" | wc -l) case(s)" \
		env BENCH_KIND="$4" ICOUNT="$6" TCG_THREAD="$7" SMP="$8" "$S/boot.sh" \
		"$WORK/$1/bench-$2/arch/x86/boot/bzImage" "$kst" "$3" || true
	if TESTS=$tests "$S/verdict.sh" "$3" "$5, $1" >"$3/verdict.txt"; then
		say "$5, $1: $(cut -d" " -f1 "$3/counts") passed"
	else
		# What failed, without the cases that passed.
		grep -v '^  ok  ' "$3/verdict.txt" || true
	fi
	read -r p f <"$3/counts"
	pass=$((pass + p)) fail=$((fail + f))
}

# Each case gets its measuring time and a margin for the VM's set-up (a
# guest second under -icount can take several on the host); the boot as
# a whole, all of them.
ncases=$(echo "$cases" | wc -l)
TEST_TIMEOUT=$((BENCH_SECS * 20 + 120))
BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((180 + ncases * TEST_TIMEOUT))}
RUN=bench
export TEST_TIMEOUT BOOT_TIMEOUT RUN BENCH_SECS BENCH_PATHS

r=1
while [ "$r" -le "$ROUNDS" ]; do
	for k in base series; do
		bench_boot "$k" prod "$RESULTS/bench/$k-$r" bench "round $r" "$ICOUNT" single "$tsmp"
	done
	r=$((r + 1))
done
# Lock traffic and contention: once per kernel; the first-level vCPUs in
# parallel where TCG emulates them.
for k in base series; do
	bench_boot "$k" locks "$RESULTS/bench/locks/$k-1" locks "lock counts" "" multi "${SMP:-2}"
done

echo
accel=$(cat "$RESULTS/bench/base-1/accel" 2>/dev/null || echo unknown)
laccel=$(cat "$RESULTS/bench/locks/base-1/accel" 2>/dev/null || echo unknown)
echo "Benchmark: Linux $(kernel_version "$BASE_SRC"), base and base + series" \
	"($(git -C "$SERIES_SRC" rev-list --count "$(base_commit)..HEAD") patches)," \
	"$ROUNDS round(s) of ${BENCH_SECS}s per case, accelerator: $accel, $tsmp CPU(s)"
case $accel in
tcg*-icount*)
	echo "Clock: -icount, guest time counts the instructions executed ($(echo "$ICOUNT" |
		sed 's/shift=\([0-9]*\).*/2^\1/') per ns): a rate is a"
	echo "count of instructions per interrupt, not a speed on this machine."
	;;
tcg*)
	echo "Clock: the host's.  TCG emulates the CPU and nests KVM in it: the figures"
	echo "are relative only, good for series/base ratios measured in the same run."
	;;
esac
echo "Throughput: config/kvm-irqchip.config + config/bench-prod.config (no lockdep)."
echo "Lock counts: config/kvm-irqchip.config + config/bench-locks.config (lockdep,"
echo "lock_stat), accelerator: $laccel."
echo
# The table; it fails when a handshake took kvm->irq_lock.
"$S/bench-table.sh" "$RESULTS/bench" >"$RESULTS/bench/table.txt" || fail=$((fail + 1))
cat "$RESULTS/bench/table.txt"
echo
if CHART_TITLE="make bench, Linux $(kernel_version "$BASE_SRC"): base vs series, $ROUNDS round(s), $accel" \
	"$S/bench-chart.sh" "$RESULTS/bench" >"$RESULTS/bench/chart.log" 2>&1; then
	echo "Chart: $RESULTS/bench/chart.svg (an SVG: open it in a web browser)"
else
	cat "$RESULTS/bench/chart.log"
	echo "FAILED: no chart (log: $RESULTS/bench/chart.log)"
	fail=$((fail + 1))
fi
echo
stage_report
echo "Results: $RESULTS"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
