#!/bin/sh
# guest-tests.sh: the command that make run and make check give the test
# guest (boot.sh): run the tests of KT_TESTS and write one TAP stream to
# /run/out/tap.txt, the reruns of flaky upstream tests to tap-retry.txt.
#   KT_DIR      kselftest install directory (run_kselftest.sh)
#   KT_TESTS    tests to run, comma separated (kvm:name,...); kvm:vmm-CONFIG
#               boots a second-level guest (vmm-guest.sh, KT_VMM_*)
#   KT_TIMEOUT  seconds each test may run
#   KT_RETRY    tests run once more when they failed (kvm:name,...)
# /run/out/args, when there, holds arguments for irqchip_lock_test (ARGS).
set -u

log() {
	echo "KT: $*" | tee -a /run/out/guest.log
}

# kselftest's runner passes KSELFTEST_<NAME>_ARGS to test NAME.
if [ -s /run/out/args ]; then
	KSELFTEST_IRQCHIP_LOCK_TEST_ARGS=$(cat /run/out/args)
	export KSELFTEST_IRQCHIP_LOCK_TEST_ARGS
	log "irqchip_lock_test arguments: $KSELFTEST_IRQCHIP_LOCK_TEST_ARGS"
fi

# kvm:vmm-CONFIG is a second-level guest (vmm-guest.sh), not a selftest.
set --
vmm=""
for t in $(echo "${KT_TESTS:-}" | tr ',' ' '); do
	case $t in
	kvm:vmm-*) vmm="$vmm ${t#kvm:vmm-}" ;;
	*) set -- "$@" -t "$t" ;;
	esac
done
# One TAP stream: the selftests, numbered by kselftest's runner, then the
# second-level guests; one header and plan for all of them.
n=$(($# / 2))
printf 'TAP version 13\n1..%d\n' "$((n + $(echo "$vmm" | wc -w)))" | tee /run/out/tap.txt
if [ $# -gt 0 ]; then
	(cd "$KT_DIR" && ./run_kselftest.sh -o "$KT_TIMEOUT" "$@" 2>&1) |
		grep --line-buffered -vxE 'TAP version 13|1\.\.[0-9]+' | tee -a /run/out/tap.txt
fi
# Upstream tests that are known to flake here (KT_RETRY) run again when
# they failed, up to twice, until one run passes; every outcome is
# reported (tap-retry.txt).
: >/run/out/tap-retry.txt
for t in $(echo "${KT_RETRY:-}" | tr ',' ' '); do
	f=/run/out/tap.txt
	for r in 1 2; do
		grep -q "^not ok [0-9]* selftests: kvm: ${t#kvm:}\( \|\$\)" "$f" || break
		log "retrying $t, which failed (retry $r of 2)"
		(cd "$KT_DIR" && ./run_kselftest.sh -o "$KT_TIMEOUT" -t "$t" 2>&1) |
			tee /run/out/retry.txt
		cat /run/out/retry.txt >>/run/out/tap-retry.txt
		f=/run/out/retry.txt
	done
done
for c in $vmm; do
	n=$((n + 1))
	"$(dirname "$0")/vmm-guest.sh" "$n" "$c" 2>&1 | tee -a /run/out/tap.txt
done
