#!/bin/sh
# /init of the second-level guest that vmm-guest.sh boots with QEMU inside
# the test guest (vmm-initramfs.sh packs it with a static busybox).  The
# kernel hands it L2_CONFIG (ioapic or pic) and L2_HZ (its CONFIG_HZ)
# from its command line.  It
# makes the lines it checks work (console output on ttyS0, reads from the
# virtio rng), then checks /proc/interrupts: each line counted interrupts,
# on the chip the configuration wants.  Its last word is one line
# "L2-RESULT: ok ..." or "L2-RESULT: FAIL ...", then it resets.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug

echo "L2: up, config ${L2_CONFIG:-none}, $(cut -d' ' -f1 /proc/uptime)s since boot"
# The virtio rng interrupts when a request completes.
dd if=/dev/hwrng of=/dev/null bs=16 count=16 2>/dev/null ||
	echo "L2: no /dev/hwrng"
echo "L2: rng read, $(cut -d' ' -f1 /proc/uptime)s"

# The in-kernel PIT is the tick: vmm-guest.sh gives the machine no HPET
# and the CPU no TSC deadline timer, and the kernel nolapic_timer (or
# nolapic) nohz=off highres=off, so the PIT is the only clock event device
# and ticks periodically, L2_HZ (the kernel's CONFIG_HZ) a second.  KVM's
# PIT injects one tick at a time and the next only after the guest acked
# the last (its ack notifier), re-injecting late ones, so a guest that
# falls behind under nested emulation catches up in bursts faster than
# HZ.  Checked: the PIT is the tick device; it ticked at least HZ/25 a
# second over 2 s of the guest's clock (a PIT that stopped, or an ack
# that never reached it, does not); the interrupts since boot are no more
# than the HZ a second due since the PIT started (ticks delivered twice
# are).  The time since the PIT started is at most sched_clock's, which
# is kvm-clock's since before the kernel programmed the PIT, at the rate
# of the clock that runs the PIT's timer.  Not the uptime: that ran on
# the tick itself (the jiffies clocksource) until kvm-clock took over late
# in the boot, and keeps as a lag the ticks KVM then still had to
# re-inject (0.13 to 1.53 s behind sched_clock in six boots; 46 ticks
# once failed a bound on the uptime).
timer_count() {
	awk '$NF == "timer" { for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) n += $i } END { print n + 0 }' /proc/interrupts
}
tick_device=$(cat /sys/devices/system/clockevents/clockevent0/current_device 2>/dev/null)
c0=$(timer_count) u0=$(cut -d' ' -f1 /proc/uptime)
sleep 2
c1=$(timer_count) u1=$(cut -d' ' -f1 /proc/uptime)
# sched_clk, in milliseconds
clk=$(awk '$1 == "sched_clk" { printf "%.6f\n", $3 / 1000 }' /sys/kernel/debug/sched/debug 2>/dev/null)
echo "L2: tick device ${tick_device:-none}; $((c1 - c0)) timer interrupts from ${u0}s to ${u1}s, $c1 since boot, sched_clock ${clk:-none}s"
hz=${L2_HZ:-0}
timer_fail=$(awk -v n="$((c1 - c0))" -v total="$c1" -v u0="$u0" -v u1="$u1" -v clk="$clk" -v hz="$hz" -v dev="$tick_device" 'BEGIN {
	if (dev != "pit") { print "the tick device is " (dev == "" ? "none" : dev) ", not the PIT"; exit }
	if (hz <= 0) { print "no L2_HZ"; exit }
	if (clk == "") { print "no sched_clk in /sys/kernel/debug/sched/debug"; exit }
	if (n < (u1 - u0) * hz / 25)
		printf "%d timer interrupts in %.2fs, fewer than HZ/25 a second (HZ=%d)\n", n, u1 - u0, hz
	else if (total > int(clk * hz) + 1)
		printf "%d timer interrupts in %.2fs of sched_clock, more than the %d due at HZ=%d\n", total, clk, int(clk * hz) + 1, hz
}')
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
		if (!lines) print "FAIL (no such line: no driver asked for it)"
		else if (bad != "") print "FAIL (on" bad ", not " chip ")"
		else if (!n) print "FAIL (no interrupt counted)"
		else print "ok " n
	}' /proc/interrupts)
	case $r in
	ok*) summary="$summary $1=${r#ok }" ;;
	*)
		summary="$summary $1=$r"
		verdict=FAIL
		;;
	esac
}
check timer "$legacy"
summary="$summary timer-rate=$rate/s"
if [ -n "$timer_fail" ]; then
	verdict=FAIL
	summary="$summary ($timer_fail)"
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
# The verdict goes out through the kernel's console, which polls the
# serial port: a serial line whose interrupt nobody hears cannot hold it
# back.  Then reset: QEMU runs with -no-reboot and exits (poweroff needs
# ACPI, which a configuration may leave out).
echo "<2>L2-RESULT: $verdict config=${L2_CONFIG:-none} chip=$legacy$summary" >/dev/kmsg
reboot -f
