#!/bin/sh
# PID 1 of the test guest.  The guest's root is the host's, read-only over
# 9p; the kernel hands init the KT_* words of its command line as
# environment.  It runs one command, the one boot.sh left in the "out" 9p
# share (/run/out/cmd), in the KVM selftests' directory with that
# directory and the harness's scripts on PATH; its output goes to the
# console and to /run/out/output.txt, its exit status to /run/out/status.
# With KT_SHELL=1 it gives an interactive shell on the console instead.
# Then it saves the kernel log and powers off.
#   KT_DIR      kselftest install directory
#   KT_ACCEL    the accelerator of the host's QEMU, for the log
# (The commands boot.sh gives: guest-tests.sh, bench-guest.sh, or
# make exec's CMD; each documents the KT_* words it reads.)
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

cd "$KT_DIR/kvm" || exit
PATH=$KT_DIR/kvm:$(dirname "$0"):$PATH
if [ "${KT_SHELL:-0}" = 1 ]; then
	setsid -c sh -i </dev/ttyS0 >/dev/ttyS0 2>&1
else
	{
		rc=0
		sh /run/out/cmd || rc=$?
		echo "$rc" >/run/out/status
	} 2>&1 | tee /run/out/output.txt
fi
cd /
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
