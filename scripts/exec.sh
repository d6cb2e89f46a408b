#!/bin/sh
# exec.sh exec|shell: "make exec CMD=..." and "make shell".  Build the
# kernel (the series, or the base with BASELINE=1) and the KVM selftests,
# boot it, and run CMD in the guest (in the selftests' directory, which is
# on PATH), or give a shell on this terminal.  exec prints the command's
# output and the kernel log scan, and exits with the command's status, or
# 1 on a kernel report.
. "$(dirname "$0")/common.sh"

mode=${1:-exec}
S=$TOP/scripts
if [ "$mode" = exec ] && [ -z "${CMD:-}" ]; then
	die "usage: make exec CMD='command to run in the guest', e.g. CMD='irqchip_lock_test -s 0x1234'"
fi
lock_cache "$@"
k=series
[ "${BASELINE:-0}" != 1 ] || k=base
new_results
say "exec: building the $k kernel and the KVM selftests (log: $RESULTS/steps.log)"
"$S/run.sh" "$k" build >"$RESULTS/steps.log" 2>&1 ||
	{ tail -n 20 "$RESULTS/steps.log"; die "building the $k kernel and the selftests (log: $RESULTS/steps.log)"; }
if [ "$k" = base ]; then build=$BASE_BUILD; else build=$SERIES_BUILD; fi
out=$RESULTS/$mode
RUN=$mode EXEC_CMD=${CMD:-} "$S/boot.sh" "$build/arch/x86/boot/bzImage" \
	"$SERIES_BUILD/kselftest-install" "$out" || [ "$mode" = shell ] || exit 1
[ "$mode" = exec ] || exit 0
cat "$out/output.txt"
rc=$(cat "$out/status" 2>/dev/null || echo 1)
if ! "$S/scan-log.sh" "$out/console.log" >"$out/reports"; then
	echo "FAILED: kernel report(s) in $out/console.log:"
	sed 's/^/  /' "$out/reports"
	rc=1
fi
echo "exec: '$CMD' exited with $rc (results: $out)"
exit "$rc"
