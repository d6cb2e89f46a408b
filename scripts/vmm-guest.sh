#!/bin/sh
# vmm-guest.sh N CONFIG: run in the test guest by guest-init.sh.  Boot a
# second-level guest with Debian's QEMU on this kernel's KVM, in-kernel
# irqchip, and let it check its own interrupts (vmm-init.sh).  CONFIG:
#   ioapic  the default PC, no HPET: the in-kernel PIT (the periodic tick)
#           and ttyS0 through the IOAPIC, a virtio-rng-pci whose MSI-X
#           vectors QEMU delivers with KVM_IRQFD
#   pic     the same machine, the guest booted with noapic nolapic
#           pci=nomsi: timer, ttyS0 and virtio INTx through the 8259 PIC
# The PIT is the tick only without an HPET (Linux prefers it; QEMU's HPET
# is a userspace device that injects with KVM_IRQ_LINE, and was the tick
# until -machine hpet=off, never the PIT), and in IOAPIC mode without a
# TSC deadline timer (with one, Linux leaves the PIT unused and, given
# nolapic_timer, has no tick at all).  nohz=off highres=off: a periodic
# tick that vmm-init.sh can count.  acpi=noirq: the PCI interrupt routing
# comes from the BIOS's $PIR table, not the AML: under nested TCG the
# AML interpreter is slow enough to time out (AE_AML_LOOP_TIMEOUT, 30 s)
# in \_SB.PCI0._PRT, which in 5 of 10 PIC-mode boots left the virtio
# device's INTx unrouted and the guest waiting for it for good, and once
# in IOAPIC mode (Linux 6.12) ended in a soft lockup.  Without the HPET
# a second-level boot and check took 44 to 63 s with one test guest
# (85 to 136 s with it).  lockdep.prove_locking=0: the second-level
# kernel is the test kernel, but what is tested is the first level's
# KVM; its lock validation doubled the second level's boot (11.8 s to
# its init instead of 6.1 s, under nested TCG).
# Prints the result as kselftest TAP, number N, named vmm-CONFIG.
#   KT_VMM_KERNEL  the second-level kernel (the test kernel itself)
#   KT_VMM_INITRD  its initramfs (vmm-initramfs.sh)
#   KT_TIMEOUT     a selftest's timeout; the second-level boot and check
#                  may take twice that (under nested TCG with two boots
#                  side by side they took 170 to 210 s)
#   KT_HZ          the kernel's CONFIG_HZ, the tick rate the check expects
# Extra QEMU arguments, if any, are in /run/out/vmm-qemu-args (VMM_QEMU_ARGS
# of the harness: a way to give the guest an impossible configuration).
set -u
n=$1 config=$2
name=vmm-$config
log=/run/tmp/$name.log

echo "# selftests: kvm: $name"
case $config in
ioapic) extra="nolapic_timer acpi=noirq" ;;
pic) extra="noapic nolapic pci=nomsi acpi=noirq" ;;
*)
	echo "not ok $n selftests: kvm: $name # no such configuration"
	exit 0
	;;
esac
qemu_args=$(cat /run/out/vmm-qemu-args 2>/dev/null || true)
[ -z "$qemu_args" ] || echo "# $name: extra QEMU arguments: $qemu_args"

# monitor CMD...: QEMU's answers to human monitor commands, through its
# socket, for the report of a second-level guest that did not finish.
mon=/run/tmp/$name.mon
monitor() {
	python3 - "$mon" "$@" <<'PY'
import re, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)
out = b""
for cmd in [""] + sys.argv[2:]:
    if cmd:
        s.sendall(cmd.encode() + b"\n")
    time.sleep(1)
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
            if len(b) < 65536:
                break
    except socket.timeout:
        pass
# The monitor echoes what it is sent with terminal control sequences.
text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode(errors="replace"))
for line in text.replace("\r", "").split("\n"):
    if not line.startswith("(qemu)") and not line.startswith("QEMU "):
        print(line)
PY
}

limit=$((KT_TIMEOUT * 2))
t0=$(date +%s)
rm -f "$mon"
# shellcheck disable=SC2086 # qemu_args are words
qemu-system-x86_64 -accel kvm \
	-machine pc,kernel_irqchip=on,hpet=off -cpu host,-tsc-deadline \
	-smp 1 -m 256 \
	-nodefaults -display none -no-reboot -serial stdio \
	-monitor "unix:$mon,server=on,wait=off" \
	-device virtio-rng-pci $qemu_args \
	-kernel "$KT_VMM_KERNEL" -initrd "$KT_VMM_INITRD" \
	-append "console=ttyS0 quiet panic=-1 nohz=off highres=off lockdep.prove_locking=0 L2_CONFIG=$config L2_HZ=${KT_HZ:-0} $extra" \
	</dev/null >"$log" 2>&1 &
pid=$!
# Past the deadline, the state of the guest and of its interrupt
# controllers goes into the report before QEMU is stopped.
while kill -0 "$pid" 2>/dev/null && [ $(($(date +%s) - t0)) -lt "$limit" ]; do
	sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
	echo "# $name: no end after ${limit}s; the second-level guest's state:"
	monitor "info registers" "info pic" "info irq" "info lapic" 2>&1 | sed 's/^/#   /'
	kill "$pid"
	sleep 2
	kill -9 "$pid" 2>/dev/null
	wait "$pid"
	rc=124
else
	rc=0
	wait "$pid" || rc=$?
fi
secs=$(($(date +%s) - t0))
tr -d '\r' <"$log" | sed 's/^/# /'
# The verdict is a kernel message (vmm-init.sh): after its timestamp.
res=$(tr -d '\r' <"$log" | sed -n 's/^.*\(L2-RESULT: \)/\1/p' | tail -n 1)
echo "# $name: second-level boot and check took ${secs}s, QEMU exit status $rc"
case "$rc:$res" in
"0:L2-RESULT: ok "*)
	echo "# $name: ${res#L2-RESULT: ok }"
	echo "ok $n selftests: kvm: $name"
	;;
124:* | 137:*) echo "not ok $n selftests: kvm: $name # TIMEOUT $limit seconds" ;;
*:"L2-RESULT: FAIL "*) echo "not ok $n selftests: kvm: $name # ${res#L2-RESULT: }" ;;
*) echo "not ok $n selftests: kvm: $name # no result from the second-level guest (QEMU exit $rc)" ;;
esac
