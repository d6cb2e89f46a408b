#!/bin/sh
# /init of the second-level guest that vmm-guest.sh boots with QEMU inside
# the test guest (vmm-initramfs.sh packs it with a static busybox).  The
# kernel hands it L2_CONFIG (ioapic or pic) and L2_HZ (its CONFIG_HZ)
# from its command line.  It
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
echo "L2: rng read, $(cut -d' ' -f1 /proc/uptime)s"

# The in-kernel PIT is the tick (periodic, L2_HZ a second: the kernel's
# CONFIG_HZ; the LAPIC timer is off in both configurations): count its
# interrupts over 2 s of the guest's clock.  KVM's PIT re-injects late
# ticks one EOI at a time, so under nested emulation the rate is what the
# guest keeps up with (36 to 154 of 250 a second measured under nested
# TCG, the lower ones with two test guests side by side), never more than
# the ticks due plus a backlog: between HZ/25 and 2*HZ.  A PIT that
# stopped, or ticks delivered twice over, is out of that range.
timer_count() {
	awk '$NF == "timer" { for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) n += $i } END { print n + 0 }' /proc/interrupts
}
c0=$(timer_count) u0=$(cut -d' ' -f1 /proc/uptime)
sleep 2
c1=$(timer_count) u1=$(cut -d' ' -f1 /proc/uptime)
echo "L2: $((c1 - c0)) timer interrupts from ${u0}s to ${u1}s"
rate=$(awk -v c="$((c1 - c0))" -v u0="$u0" -v u1="$u1" 'BEGIN { printf "%d", c / (u1 - u0) }')

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
hz=${L2_HZ:-0}
if [ "$hz" -gt 0 ] && [ "$rate" -ge $((hz / 25)) ] && [ "$rate" -le $((hz * 2)) ]; then
	summary="$summary timer-rate=$rate/s"
else
	summary="$summary timer-rate=$rate/s(HZ=$hz)"
	verdict=FAIL
fi
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
