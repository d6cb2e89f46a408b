#!/bin/sh
# PID 1 of the test guest.  The guest's root is the host's, read-only over
# 9p; the kernel hands init the KT_* words of its command line as
# environment.  Results go to the "out" 9p share, TAP also to the console.
#   KT_DIR      kselftest install directory (run_kselftest.sh)
#   KT_TESTS    tests to run, comma separated (kvm:name,...); kvm:vmm-CONFIG
#               boots a second-level guest (vmm-guest.sh, KT_VMM_*)
#   KT_TIMEOUT  seconds each test may run
#   KT_RETRY    tests run once more when they failed (kvm:name,...)
#   KT_RUN      "bench": run bench-guest.sh (KT_BENCH_*) instead of the tests;
#               "exec": run /run/out/cmd; "shell": a shell on the console
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/run/tmp TMPDIR=/run/tmp

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs debugfs /sys/kernel/debug
mountpoint -q /dev || mount -t devtmpfs dev /dev
# devtmpfs lacks what udev would add; kselftest's runner writes its
# output to /dev/stdout.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do
	[ -e "/dev/${i#*:}" ] || ln -s "/proc/self/fd/${i%:*}" "/dev/${i#*:}"
done
# Writable space on /run, not /tmp: the harness may live under the host's
# /tmp, and must stay visible.
mount -t tmpfs run /run
mkdir -p /run/tmp /run/out
mount -t 9p -o trans=virtio,version=9p2000.L out /run/out

log() {
	echo "KT: $*" | tee -a /run/out/guest.log
}

log "guest up: $(uname -r), $(nproc) cpus, accel from host: ${KT_ACCEL:-?}"
if [ -c /dev/kvm ]; then
	log "/dev/kvm present"
else
	log "no /dev/kvm in the guest: KVM did not initialise (see the console)"
fi

case ${KT_RUN:-tests} in
bench)
	"$(dirname "$0")/bench-guest.sh" 2>&1 | tee /run/out/tap.txt
	;;
exec | shell)
	# make exec: the command in /run/out/cmd; make shell: a shell on the
	# console.  Both in the selftests' directory, with it on PATH.
	cd "$KT_DIR/kvm" || exit
	PATH=$KT_DIR/kvm:$PATH
	if [ "$KT_RUN" = exec ]; then
		{
			rc=0
			sh /run/out/cmd || rc=$?
			echo "$rc" >/run/out/exec-status
		} 2>&1 | tee /run/out/exec.txt
	else
		setsid -c sh -i </dev/ttyS0 >/dev/ttyS0 2>&1
	fi
	cd /
	;;
*)
	# kvm:vmm-CONFIG is a second-level guest (vmm-guest.sh), not a selftest.
	set --
	vmm=""
	for t in $(echo "${KT_TESTS:-}" | tr ',' ' '); do
		case $t in
		kvm:vmm-*) vmm="$vmm ${t#kvm:vmm-}" ;;
		*) set -- "$@" -t "$t" ;;
		esac
	done
	# One TAP stream: the selftests, numbered by kselftest's runner, then
	# the second-level guests; one header and plan for all of them.
	n=$(($# / 2))
	printf 'TAP version 13\n1..%d\n' "$((n + $(echo "$vmm" | wc -w)))" | tee /run/out/tap.txt
	if [ $# -gt 0 ]; then
		(cd "$KT_DIR" && ./run_kselftest.sh -o "$KT_TIMEOUT" "$@" 2>&1) |
			grep --line-buffered -vxE 'TAP version 13|1\.\.[0-9]+' | tee -a /run/out/tap.txt
	fi
	# Upstream tests that are known to flake here (KT_RETRY) run again
	# when they failed, up to twice, until one run passes; every outcome
	# is reported (tap-retry.txt).
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
	;;
esac
log "tests finished"

# The kernel log as the kernel kept it, beside the serial console.
dmesg >/run/out/dmesg.txt 2>&1
sync
umount /run/out
log "powering off"
# Init must not exit (the kernel panics), and nothing may be exec'd once
# the power-off has begun (the 9p root goes away under it): spin in the
# shell until the power goes.
echo o >/proc/sysrq-trigger
while :; do
	:
done
