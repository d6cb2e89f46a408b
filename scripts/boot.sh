#!/bin/sh
# boot.sh BZIMAGE KSELFTEST_DIR OUTDIR: the harness's one way into a
# guest.  Boot the kernel under QEMU with the host's root as the guest's
# (read-only 9p), have its init (guest-init.sh) run one command, and
# leave console.log, the command's output.txt and status, tap.txt and
# dmesg.txt in OUTDIR.  RUN selects the command: tests (default; the
# tests of TESTS, guest-tests.sh), bench (bench-guest.sh), soak
# (soak-guest.sh), exec (EXEC_CMD) or shell (an interactive shell on this
# terminal).  KERNEL_ARGS, when
# set, go on the kernel's command line (make sanitize: kasan_multi_shot);
# ICOUNT, when set, is given to QEMU's -icount (make bench); TCG_THREAD
# (single, the default, or multi) is TCG's threading.
# CONSOLE_LIMIT_MB (default 64): the guest is stopped, and the boot
# fails, when its console log grows past it.
# Fails when the guest hangs (BOOT_TIMEOUT) or never reaches its init.
. "$(dirname "$0")/common.sh"

[ $# -eq 3 ] || die "usage: boot.sh BZIMAGE KSELFTEST_DIR OUTDIR"
limit=${CONSOLE_LIMIT_MB:-64}
case $limit in '' | *[!0-9]* | 0) die "CONSOLE_LIMIT_MB=$limit: not a positive number of MiB" ;; esac
smp=${SMP:-2}
case $smp in '' | *[!0-9]* | 0) die "SMP=$smp: not a positive number of CPUs" ;; esac
image=$1 kdir=$2 out=$3
[ -f "$image" ] || die "no kernel image $image"
image=$(cd "$(dirname "$image")" && pwd)/$(basename "$image")
[ -x "$kdir/run_kselftest.sh" ] || die "no kselftest install in $kdir"
# The kernel's config, for the verdict to name the checkers it has: that
# of the build directory, or the copy beside a kept image (bisect.sh).
kconfig=${image%/arch/x86/boot/bzImage}/.config
[ -f "$kconfig" ] || kconfig=$image.config

# A test hanging is caught by the per-test timeout; the boot timeout
# catches a guest that hangs outside the tests.
# kselftest names a test by collection and file name: kvm:xapic_ipi_test.
tests="" slots=0
case ${RUN:-tests} in
bench)
	ntests=$("$TOP/scripts/bench-cases.sh" "${BENCH_PATHS:-}" "${BENCH_KIND:-}" | wc -l)
	guest="KT_BENCH_SECS=${BENCH_SECS:-1} KT_BENCH_PATHS=${BENCH_PATHS:-} KT_BENCH_KIND=${BENCH_KIND:-}"
	cmd="bench-guest.sh | tee /run/out/tap.txt"
	;;
soak)
	ntests=1
	guest="KT_SOAK_HANDSHAKES=${SOAK_HANDSHAKES:?} KT_SOAK_PER_LANE=${SOAK_PER_LANE:?}"
	cmd="soak-guest.sh | tee /run/out/tap.txt"
	;;
exec)
	ntests=1 guest=""
	cmd=${EXEC_CMD:?no command to run}
	;;
shell)
	ntests=1 guest="KT_SHELL=1" cmd=""
	;;
tests)
	ntests=0
	for t in ${TESTS:?no TESTS to run}; do
		tests="$tests${tests:+,}kvm:$(basename "$t")"
		ntests=$((ntests + 1))
		# A second-level guest may take two tests' time (vmm-guest.sh).
		case $t in vmm-*) slots=$((slots + 1)) ;; esac
	done
	guest="KT_TESTS=$tests"
	retry=""
	for t in $RETRY_TESTS; do
		case ",$tests," in *",kvm:$t,"*) retry="$retry${retry:+,}kvm:$t" ;; esac
	done
	[ -z "$retry" ] || guest="$guest KT_RETRY=$retry"
	cmd="guest-tests.sh"
	;;
*) die "RUN=$RUN: use tests, bench, soak, exec or shell" ;;
esac
vmm=no
case ",$tests," in *,kvm:vmm-*) vmm=yes ;; esac
timeout=${BOOT_TIMEOUT:-$((180 + (ntests + slots) * (TEST_TIMEOUT + 30)))}

accel=$(boot_accel) || exit 1
thread=${TCG_THREAD:-single}
case $thread in
single | multi) ;;
*) die "TCG_THREAD=$thread: use single or multi" ;;
esac
if [ "$accel" = kvm ]; then
	set -- -accel kvm -cpu host
else
	# -cpu max exposes SVM for nested KVM.  Single-threaded TCG: boots
	# run two side by side, one per CPU, so multi-threaded TCG would not
	# shorten make check, and it has not yet had the runs of every
	# configuration that single-threaded TCG has (with qemu/0002: 64 runs
	# of irqchip_lock_test's handshakes in a row, no shutdown, WARN or
	# hang; without it, both).  qemu/README.md says what it did before
	# and after qemu/0002.  make bench counts lock contention with
	# TCG_THREAD=multi: the first-level vCPUs then run in parallel.
	set -- -accel "tcg,thread=$thread" -cpu max
fi
# ICOUNT (make bench BENCH_CLOCK=icount): guest time follows the
# instructions executed, "-icount ICOUNT"; single-threaded TCG only.
if [ -n "${ICOUNT:-}" ]; then
	[ "$accel" = tcg ] || die "ICOUNT=$ICOUNT: -icount needs TCG, and the accelerator is $accel (give ACCEL=tcg)"
	[ "$thread" = single ] || die "ICOUNT=$ICOUNT: -icount needs single-threaded TCG, not TCG_THREAD=$thread"
	set -- "$@" -icount "$ICOUNT"
fi
# The harness's own QEMU (qemu.sh), built once; boots side by side wait
# for one build.
mkdir -p "$CACHE"
qemu=$("$TOP/scripts/qemu.sh") || die "no QEMU to boot with (see above)"

rm -rf "$out"
mkdir -p "$out/guest"
[ ! -f "$kconfig" ] || cp "$kconfig" "$out/config"
# The base's kernel-log bugs, at their lines in its tree, for verdict.sh.
base_log_bugs >"$out/log-bugs"
printf '%s\n' "$cmd" >"$out/guest/cmd"
# SOAK_XFAIL: the known bugs of this kernel, for soak-guest.sh.
[ -z "${SOAK_XFAIL:-}" ] || printf '%s\n' "$SOAK_XFAIL" >"$out/guest/soak-xfail"
# ARGS: arguments for irqchip_lock_test, through kselftest's runner.
if [ -n "${ARGS:-}" ]; then
	printf '%s\n' "$ARGS" >"$out/guest/args"
	say "boot: ${BOOT_LABEL:+[$BOOT_LABEL] }irqchip_lock_test gets ARGS: $ARGS"
fi
# The second-level guests (vmm-guest.sh) boot this same kernel, with an
# initramfs made here; VMM_QEMU_ARGS reach their QEMU through a file.
if [ "$vmm" = yes ]; then
	"$TOP/scripts/vmm-initramfs.sh" "$out/vmm-initramfs.gz"
	hz=$(sed -n 's/^CONFIG_HZ=//p' "$kconfig" 2>/dev/null)
	guest="$guest KT_VMM_KERNEL=$image KT_VMM_INITRD=$out/vmm-initramfs.gz KT_HZ=${hz:-0}"
	printf '%s\n' "${VMM_QEMU_ARGS:-}" >"$out/guest/vmm-qemu-args"
fi
console=$out/console.log
# BOOT_LABEL names the kernel when several boot side by side.
label=${BOOT_LABEL:+[$BOOT_LABEL] }
say "boot: $label$accel, $ntests test(s), timeout ${timeout}s"
# The serial console goes to console.log, or with RUN=shell to this
# terminal (added below).
console_arg="-serial file:$console"
[ "${RUN:-}" != shell ] || console_arg=""
# The root is the host's, read-only, and nothing the guest reads from it
# changes while it runs: the guest caches it (cache=loose), and loads
# each program once (Debian's QEMU, a second-level guest's VMM, took 5 s
# to start without, 0.5 s with).  make shell reads it uncached, so that
# what is rebuilt on the host meanwhile shows in the guest.
rootcache=,cache=loose
[ "${RUN:-}" != shell ] || rootcache=""
# shellcheck disable=SC2086 # $console_arg and $QEMU_FIRMWARE are words
set -- "$qemu" $QEMU_FIRMWARE "$@" \
	-machine pc -smp "$smp" -m "${MEM:-2048}" \
	-nodefaults -display none -no-reboot -monitor none \
	$console_arg \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
	-fsdev local,id=out,path="$out/guest",security_model=none \
	-device virtio-9p-pci,fsdev=out,mount_tag=out \
	-kernel "$image" \
	-append "console=ttyS0 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L$rootcache ro init=$TOP/scripts/guest-init.sh panic=-1 ${KERNEL_ARGS:+$KERNEL_ARGS }KT_DIR=$kdir $guest KT_TIMEOUT=$TEST_TIMEOUT KT_ACCEL=$accel"
# What this boot was, for the verdict to be re-read (make verdict) and
# the boot to be repeated by hand: the tests and the QEMU command line.
[ -n "$tests" ] && printf '%s\n' "$TESTS" >"$out/tests"
for a in "$@"; do
	printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
done >"$out/qemu-cmdline"
echo >>"$out/qemu-cmdline"
if [ "${RUN:-}" = shell ]; then
	# The console on this terminal, no timeout; "exit" powers off.
	say "boot: a shell in the guest; 'exit' powers it off (Ctrl-A X quits QEMU)"
	"$@" -serial mon:stdio
	exit
fi
timeout -k 10 "$timeout" "$@" </dev/null >"$out/qemu.log" 2>&1 &
qemu=$!
# A flood of kernel reports (KASAN in a hot path, an interrupt storm)
# keeps the guest printing until the timeout and leaves a log that takes
# minutes to read: past CONSOLE_LIMIT_MB the guest is stopped.
flooded=no

# Show each result as the guest writes it; with V=1 the console too, as
# it comes, and otherwise a line every 30 s saying what runs.
shown=0 lines=0 t0=$(date +%s)
last=$t0
while kill -0 "$qemu" 2>/dev/null; do
	sleep 2
	now=$(date +%s)
	if [ "${V:-0}" = 1 ] && [ -f "$console" ]; then
		n=$(wc -l <"$console")
		if [ "$n" -gt "$lines" ]; then
			sed -n "$((lines + 1)),${n}p" "$console" | tr -d '\r' | sed "s/^/    $label| /"
			lines=$n
		fi
	elif [ $((now - last)) -ge 30 ]; then
		last=$now
		# The test whose header came after the last result.
		running=$(awk '/^# selftests: kvm: / { t = $4 } /^(not )?ok [0-9]+ / { t = "" } END { print t }' \
			"$out/guest/tap.txt" 2>/dev/null || true)
		# make soak's guest writes a line after each of its runs.
		progress=$(tail -n 1 "$out/guest/progress" 2>/dev/null || true)
		say "boot: ${label}$((now - t0))s, $shown of $ntests result(s)${running:+, running $running}${progress:+; $progress}"
	fi
	if [ -f "$console" ] && [ "$(wc -c <"$console")" -gt $((limit * 1048576)) ]; then
		flooded=yes
		kill "$qemu" 2>/dev/null || true
		break
	fi
	[ -f "$out/guest/tap.txt" ] || continue
	n=$(grep -cE '^(not )?ok [0-9]+ ' "$out/guest/tap.txt" || true)
	if [ "$n" -gt "$shown" ]; then
		grep -E '^(not )?ok [0-9]+ ' "$out/guest/tap.txt" | sed -n "$((shown + 1)),${n}p" |
			sed "s/^/    $label/"
		shown=$n
	fi
done
rc=0
wait "$qemu" || rc=$?

for f in output.txt status tap.txt tap-retry.txt dmesg.txt guest.log; do
	[ ! -f "$out/guest/$f" ] || cp "$out/guest/$f" "$out/$f"
done
mt=""
[ "$accel:$thread" != tcg:multi ] || mt=" thread=multi"
echo "$accel$mt${ICOUNT:+ -icount $ICOUNT}" >"$out/accel"

# boot_failed WHY LOG: the boot did not go as planned; verdict.sh reports
# WHY with the end of LOG.
boot_failed() {
	echo "$1" >"$out/boot-failure"
	tail -n 30 "$2" | sed 's/^/    | /' | tee "$out/boot-tail"
	die "$1 (log: $2)"
}
if [ "$flooded" = yes ]; then
	boot_failed "the kernel log passed ${limit} MiB (CONSOLE_LIMIT_MB): the guest was stopped" "$console"
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	boot_failed "the guest hung: no poweroff within ${timeout}s" "$console"
fi
[ "$rc" -eq 0 ] || boot_failed "qemu exited with status $rc" "$out/qemu.log"
grep -q 'KT: tests finished' "$console" ||
	boot_failed "the guest stopped before its tests finished" "$console"
# Every test ran on the CPUs asked for, or the boot fails.
cpus=$(sed -n 's/^KT: guest up: .*, \([0-9]*\) cpus,.*/\1/p' "$console")
[ "$cpus" = "$smp" ] ||
	boot_failed "the guest had ${cpus:-no} CPU(s), not the $smp of SMP" "$console"
say "boot: ${label}guest powered off, console in $console"
