#!/bin/sh
# run.sh [series|base|compare] [build|boot]: the main job.  Build the kernel (the series,
# the unpatched base, or both) and the series' KVM selftests, boot each
# kernel under QEMU, run the selftests in it and print the report.  The
# selftest binaries are the series' in every case, so that base and series
# are compared on the same test.
. "$(dirname "$0")/common.sh"

mode=${1:-series}
case $mode in
series) kernels=series ;;
base) kernels=base ;;
compare) kernels="base series" ;;
*) die "run.sh: unknown mode '$mode' (series, base or compare)" ;;
esac
lock_cache "$@"
# "build": stop once the kernels and the selftests are built (make build);
# "boot": boot what is built, building nothing (make boot).
steps=${2:-all}
case $steps in all | build | boot) ;; *) die "run.sh: unknown steps '$steps' (build or boot)" ;; esac
S=$TOP/scripts
new_results
[ -f "$RESULTS/stages" ] || : >"$RESULTS/stages"
say "results of this run: $RESULTS"

if [ "$steps" != boot ]; then
	prepare_stages
else
	for k in $kernels; do
		if [ "$k" = base ]; then build=$BASE_BUILD; else build=$SERIES_BUILD; fi
		if [ ! -f "$build/arch/x86/boot/bzImage" ] || [ ! -x "$SERIES_BUILD/kselftest-install/run_kselftest.sh" ]; then
			job_failed "no $k kernel or KVM selftests built under $WORK: make build$([ "$k" = series ] || echo ' BASELINE=1') first"
		fi
	done
fi
TESTS=${TESTS:-$(default_tests)}
export TESTS
for t in $TESTS; do
	case $t in
	vmm-ioapic | vmm-pic) continue ;;
	vmm-*) job_failed "TESTS: no second-level guest configuration $t (vmm-ioapic, vmm-pic)" ;;
	esac
	[ -e "$SERIES_SRC/tools/testing/selftests/kvm/$t.c" ] ||
		job_failed "TESTS: no KVM selftest $t in the series tree (a path under tools/testing/selftests/kvm, without .c; or vmm-ioapic, vmm-pic)"
done
for k in $kernels; do
	if [ "$steps" = boot ]; then
		continue
	elif [ "$k" = base ]; then
		stage "build base kernel" "$S/build.sh" "$BASE_SRC" "$BASE_BUILD" base ||
			job_failed "building the base kernel"
	else
		stage "build series kernel" "$S/build.sh" "$SERIES_SRC" "$SERIES_BUILD" series ||
			job_failed "building the series kernel"
	fi
done
[ "$steps" = boot ] ||
	stage "build KVM selftests" "$S/selftests.sh" "$SERIES_SRC" "$SERIES_BUILD" ||
	job_failed "building the KVM selftests"
if [ "$steps" = build ]; then
	stage_report
	echo "Results: $RESULTS"
	exit 0
fi

nbase=$(git -C "$SERIES_SRC" rev-list --count "$(base_commit)..HEAD")
ver=$(kernel_version "$BASE_SRC")
n=0
for k in $kernels; do
	if [ "$k" = base ]; then build=$BASE_BUILD; else build=$SERIES_BUILD; fi
	# A guest that hangs or dies still gets a verdict: its missing
	# results and its console are the report.
	BOOT_LABEL=$k stage "boot $k kernel, run tests" "$S/boot.sh" "$build/arch/x86/boot/bzImage" \
		"$SERIES_BUILD/kselftest-install" "$RESULTS/$k" &
	n=$((n + 1))
	[ $((n % BOOT_SLOTS)) -ne 0 ] || wait
done
wait

echo
pass=0 fail=0
for k in $kernels; do
	if [ "$k" = base ]; then
		title="base: Linux $ver, unpatched"
	else
		title="series: Linux $ver + $nbase patch(es)"
	fi
	title="$title ($(cat "$RESULTS/$k/accel" 2>/dev/null || echo "no boot"))"
	"$S/verdict.sh" "$RESULTS/$k" "$title" || true
	read -r p f <"$RESULTS/$k/counts"
	pass=$((pass + p)) fail=$((fail + f))
	echo
done
if [ "$mode" = compare ]; then
	"$S/side-by-side.sh" "$RESULTS/base" "$RESULTS/series"
	echo
fi
stage_report
echo "Results: $RESULTS"
echo "$pass $fail" >"$RESULTS/totals"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
