#!/bin/sh
# soak.sh: "make soak".  Build the base and the series (the test
# configuration, lockdep) and the series' KVM selftests, then boot both
# side by side, each running irqchip_lock_test's handshake phase until
# SOAK_HANDSHAKES handshakes have passed (soak-guest.sh): every lane, the
# antagonists on, a new seed per run, exact accounting in each.  The
# verdict is make run's: the soak's result and the kernel log's scan.
# Each run of the test may take this long before it counts as hung
# (before common.sh, which sets the test kernel's default).
TEST_TIMEOUT=${TEST_TIMEOUT:-600}
. "$(dirname "$0")/common.sh"

SOAK_HANDSHAKES=${SOAK_HANDSHAKES:-1000000}
# Handshakes per lane in one run of the test: a run of all lanes takes
# well under a minute under TCG, so progress shows at least once a minute.
SOAK_PER_LANE=${SOAK_PER_LANE:-1000}
# Handshakes per second of one guest under TCG, two booted side by side
# on a 2-core machine (300 to 450 measured on 7.3, 2026-12-01): the
# expected duration.
SOAK_RATE=${SOAK_RATE:-300}
for v in SOAK_HANDSHAKES SOAK_PER_LANE SOAK_RATE; do
	eval "val=\$$v"
	# shellcheck disable=SC2154 # set by the eval
	echo "$val" | grep -qxE '[1-9][0-9]*' || die "$v=$val: not a positive number"
done
lock_cache "$@"
S=$TOP/scripts
new_results
[ -f "$RESULTS/stages" ] || : >"$RESULTS/stages"
say "results of this soak: $RESULTS"

prepare_stages
stage "build base kernel" "$S/build.sh" "$BASE_SRC" "$BASE_BUILD" base ||
	job_failed "building the base kernel"
stage "build series kernel" "$S/build.sh" "$SERIES_SRC" "$SERIES_BUILD" series ||
	job_failed "building the series kernel"
stage "build KVM selftests" "$S/selftests.sh" "$SERIES_SRC" "$SERIES_BUILD" ||
	job_failed "building the KVM selftests"

secs=$((SOAK_HANDSHAKES / SOAK_RATE + 60))
say "soak: $SOAK_HANDSHAKES handshakes per kernel, $SOAK_PER_LANE per lane and run;" \
	"expected about $((secs / 60 + 1)) min (at ~$SOAK_RATE/s, TCG), base and series side by side"
# A run that hangs is ended by its own timeout; the boot gets three
# times the expected duration.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((3 * secs + 300))}
TESTS=soak
RUN=soak
export TEST_TIMEOUT BOOT_TIMEOUT TESTS RUN SOAK_HANDSHAKES SOAK_PER_LANE
# The base has the bugs that the series fixes (BASE_BUGS): a run that
# fails those sub-tests and nothing else passes there, counted apart.
xfail=$(printf '%s\n' "$BASE_BUGS" | awk -F: '$1 == "irqchip_lock_test" { print $2 }')
for k in base series; do
	if [ "$k" = base ]; then build=$BASE_BUILD; else build=$SERIES_BUILD; fi
	SOAK_XFAIL=$([ "$k" != base ] || echo "$xfail") BOOT_LABEL=$k stage "soak $k kernel" "$S/boot.sh" "$build/arch/x86/boot/bzImage" \
		"$SERIES_BUILD/kselftest-install" "$RESULTS/$k" &
done
wait

echo
ver=$(kernel_version "$BASE_SRC")
pass=0 fail=0
for k in base series; do
	if [ "$k" = base ]; then
		title="soak, base: Linux $ver, unpatched"
	else
		title="soak, series: Linux $ver + $(git -C "$SERIES_SRC" rev-list --count "$(base_commit)..HEAD") patch(es)"
	fi
	"$S/verdict.sh" "$RESULTS/$k" "$title ($(cat "$RESULTS/$k/accel" 2>/dev/null || echo "no boot"))" || true
	read -r p f <"$RESULTS/$k/counts"
	pass=$((pass + p)) fail=$((fail + f))
	echo
done
stage_report
echo "Results: $RESULTS"
echo "$pass $fail" >"$RESULTS/totals"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
