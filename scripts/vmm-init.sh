#!/bin/sh
# /init of the second-level guest that vmm-guest.sh boots with QEMU inside
# the test guest (vmm-initramfs.sh packs it with a static busybox).  The
# kernel hands it L2_CONFIG (ioapic or pic) from its command line.  It
# makes the lines it checks work (console output on ttyS0, reads from the
# virtio rng), then checks /proc/interrupts: each line counted interrupts,
# on the chip the configuration wants.  Its last word is one line
# "L2-RESULT: ok ..." or "L2-RESULT: FAIL ...", then it powers off.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

echo "L2: up, config ${L2_CONFIG:-none}, $(cut -d' ' -f1 /proc/uptime)s since boot"
# The virtio rng interrupts when a request completes.
dd if=/dev/hwrng of=/dev/null bs=16 count=16 2>/dev/null ||
	echo "L2: no /dev/hwrng"
# Some timer ticks.
sleep 1

case ${L2_CONFIG:-} in
ioapic) legacy=IO-APIC virtio=PCI-MSI ;;
pic) legacy=XT-PIC virtio=XT-PIC ;;
*) legacy=none virtio=none ;;
esac

# check NAME CHIP: sum the counts of the lines whose action is NAME (a
# prefix match for virtio0, which has one line per vector) and check that
# each is on CHIP (a prefix of the chip column).
ncpu=$(head -n 1 /proc/interrupts | wc -w)
verdict=ok
summary=""
check() {
	r=$(awk -v name="$1" -v chip="$2" -v ncpu="$ncpu" '
	$1 ~ /^[0-9]+:$/ && ($NF == name || (name == "virtio0" && $NF ~ /^virtio0/)) {
		for (i = 2; i <= ncpu + 1; i++) n += $i
		if (index($(ncpu + 2), chip) != 1) bad = bad " " $(ncpu + 2)
		lines++
	}
	END {
		if (!lines) print "FAIL no-line"
		else if (bad != "") print "FAIL on" bad
		else if (!n) print "FAIL 0"
		else print "ok " n
	}' /proc/interrupts)
	summary="$summary $1=${r#* }"
	case $r in ok*) ;; *) verdict=FAIL ;; esac
}
check timer "$legacy"
check ttyS0 "$legacy"
check virtio0 "$virtio"

# The console is quiet (every byte exits through two levels of
# virtualization): look for kernel reports in the log instead.
reports=$(dmesg | grep -E '^\[ *[0-9.]+\] (WARNING:|BUG:|Oops|Kernel panic|UBSAN:|INFO: task .* blocked|rcu: INFO:|rcu: .*detected stall|DEBUG_LOCKS_WARN_ON)' || true)
if [ -n "$reports" ]; then
	echo "$reports" | sed 's/^/L2: kernel report: /'
	verdict=FAIL
	summary="$summary kernel-reports=$(echo "$reports" | wc -l)"
fi

echo "L2: /proc/interrupts:"
grep -E 'timer|ttyS0|virtio|CPU0' /proc/interrupts
echo "L2-RESULT: $verdict config=${L2_CONFIG:-none} chip=$legacy$summary"
poweroff -f
