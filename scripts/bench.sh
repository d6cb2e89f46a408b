#!/bin/sh
# bench.sh: "make bench".  Build the base and the series with the bench
# configuration (config/bench.config: lock statistics) and the series' KVM
# selftests, then boot base and series in turn, ROUNDS times (A B A B ...),
# run irqchip_lock_test -m bench for every case of bench-cases.sh in each
# (bench-guest.sh: the "locks:" cases with /proc/lock_stat read around
# them), and print one table (bench-table.sh) and a chart
# (bench-chart.sh).  Every boot is also a test
# run: a failed case or a kernel report fails the benchmark, and so does
# kvm->irq_lock taken by the handshakes.
. "$(dirname "$0")/common.sh"

ROUNDS=${ROUNDS:-2} BENCH_SECS=${BENCH_SECS:-2} BENCH_PATHS=${BENCH_PATHS:-}
# The guest's clock, which the rates are measured in: wall (it follows
# the host's, noise and all) or icount (QEMU -icount shift=0,sleep=off,
# TCG only: one guest nanosecond per instruction executed, so that a rate
# is a count of instructions per interrupt).
BENCH_CLOCK=${BENCH_CLOCK:-wall}
case $BENCH_CLOCK in
wall) ;;
icount)
	ICOUNT=shift=0,sleep=off
	export ICOUNT
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
BASE_BENCH=$WORK/base/bench
SERIES_BENCH=$WORK/series/bench
new_results
mkdir -p "$RESULTS/bench"
[ -f "$RESULTS/stages" ] || : >"$RESULTS/stages"
say "results of this benchmark: $RESULTS"

prepare_stages
frag=$TOP/config/bench.config
stage "build base bench kernel" "$S/build.sh" "$BASE_SRC" "$BASE_BENCH" base-bench "$frag" ||
	job_failed "building the base bench kernel"
stage "build series bench kernel" "$S/build.sh" "$SERIES_SRC" "$SERIES_BENCH" series-bench "$frag" ||
	job_failed "building the series bench kernel"
stage "build KVM selftests" "$S/selftests.sh" "$SERIES_SRC" "$SERIES_BENCH" ||
	job_failed "building the KVM selftests"

# Each case gets its measuring time and a margin for the VM's set-up; the
# boot as a whole, all of them.
ncases=$(echo "$cases" | wc -l)
TEST_TIMEOUT=$((BENCH_SECS + 120))
BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((180 + ncases * TEST_TIMEOUT))}
TESTS=$cases
RUN=bench
export TEST_TIMEOUT BOOT_TIMEOUT TESTS RUN BENCH_SECS BENCH_PATHS

pass=0 fail=0
r=1
while [ "$r" -le "$ROUNDS" ]; do
	for k in base series; do
		if [ "$k" = base ]; then build=$BASE_BENCH; else build=$SERIES_BENCH; fi
		out=$RESULTS/bench/$k-$r
		stage "round $r: boot $k kernel, $ncases case(s) of ${BENCH_SECS}s" "$S/boot.sh" \
			"$build/arch/x86/boot/bzImage" "$SERIES_BENCH/kselftest-install" "$out" || true
		if "$S/verdict.sh" "$out" "round $r, $k" >"$out/verdict.txt"; then
			say "round $r, $k: $(cut -d" " -f1 "$out/counts") passed"
		else
			# What failed, without the cases that passed.
			grep -v '^  ok  ' "$out/verdict.txt" || true
		fi
		read -r p f <"$out/counts"
		pass=$((pass + p)) fail=$((fail + f))
	done
	r=$((r + 1))
done

echo
accel=$(cat "$RESULTS/bench/base-1/accel" 2>/dev/null || echo unknown)
echo "Benchmark: Linux $(kernel_version "$BASE_SRC"), base and base + series" \
	"($(git -C "$SERIES_SRC" rev-list --count "$(base_commit)..HEAD") patches)," \
	"$ROUNDS round(s) of ${BENCH_SECS}s per case, accelerator: $accel"
case $accel in
tcg*-icount*)
	echo "Clock: -icount, guest time counts the instructions executed (1 ns each):"
	echo "a rate is instructions per interrupt, not a speed on this machine."
	;;
tcg*)
	echo "Clock: the host's.  TCG emulates the CPU and nests KVM in it: the figures"
	echo "are relative only, good for series/base ratios measured in the same run."
	;;
esac
echo "Both kernels: config/kvm-irqchip.config + config/bench.config (lockdep, lock_stat)."
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
