# shellcheck shell=sh disable=SC2034 # the variables are for the scripts that source this
# Settings and helpers shared by the harness scripts.  Sourced, not run.
#
# Every path the harness writes to lives under $CACHE, outside the checkout.
# A kernel tree chosen with KERNEL_SRC gets its own work directory there, so
# it never shares builds with Debian's base.

set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-irqchip}
JOBS=${JOBS:-$(nproc)}

# The bases the series is kept for.  BASE selects one (default: the
# current tree, 7.3); each has its own series in patches/BASE/, its own
# trees, builds and results under $CACHE/BASE; ccache is shared.
#   BASE_PKG    the Debian package whose tarball is the pristine base
#   BASE_PIN    the version of it the series was tested on; empty: any
#   BASE_SUITE  the Debian suite that serves it (fetch-deb.sh)
BASES="7.3 6.12"
BASE=${BASE:-7.3}
case $BASE in
7.3)
	BASE_PKG=linux-source-7.3
	BASE_PIN=7.3.4-1~bpo13+1
	BASE_SUITE=trixie-backports
	;;
6.12)
	# Debian 12's own security suite, installed by deps.sh; it serves
	# only the newest 6.12.y, so the backport follows it.
	BASE_PKG=linux-source-6.12
	BASE_PIN=
	BASE_SUITE=bookworm-security
	;;
*)
	echo "FAILED: BASE=$BASE: no such base; the bases are: $BASES" >&2
	exit 1
	;;
esac
PATCHES=$TOP/patches/$BASE
# Where sparse comes from (sparse.sh): Debian 12's is too old for 7.3.
SPARSE_SUITE=sid
# The QEMU that boots the test guests (qemu.sh): bookworm-backports'
# source package at QEMU_VERSION with qemu/*.patch, built into QEMU_DIR,
# one directory per version and set of patches; Debian 12's firmware.
QEMU_SUITE=bookworm-backports
QEMU_VERSION=1:10.0.2+ds-2+deb13u1~bpo12+1
QEMU_DIR=$CACHE/qemu/$(echo "${QEMU_VERSION#*:}" | sed 's/+ds.*//')-$(cat "$TOP"/qemu/*.patch 2>/dev/null | cksum | cut -d' ' -f1)
QEMU_FIRMWARE="-L /usr/share/seabios -L /usr/share/qemu"

if [ -n "${KERNEL_SRC:-}" ]; then
	_dir=$KERNEL_SRC
	KERNEL_SRC=$(cd "$_dir" 2>/dev/null && pwd) ||
		{ echo "FAILED: KERNEL_SRC=$_dir is not a directory" >&2; exit 1; }
	WORK=$CACHE/$BASE/tree-$(basename "$KERNEL_SRC")-$(printf '%s' "$KERNEL_SRC" | cksum | cut -d' ' -f1)
else
	WORK=$CACHE/$BASE/debian
fi
BASE_SRC=$WORK/base/src
BASE_BUILD=$WORK/base/build
SERIES_SRC=$WORK/series/src
SERIES_BUILD=$WORK/series/build

# Base and series trees sit at the same depth under $WORK, so with
# CCACHE_BASEDIR the two builds share their ccache entries.
# Depend mode: on a miss ccache takes the header list from the compiler's
# -MD output instead of running the preprocessor first, which made a cold
# kernel build a third slower (kernel/ and mm/ of the 7.3 test kernel on
# 2 CPUs: 148 s with gcc alone, 198 s through ccache, 140 s in depend
# mode).  The cost: no hit by preprocessed output after a config change.
CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
CCACHE_BASEDIR=$WORK
CCACHE_DEPEND=1
export CCACHE_DIR CCACHE_BASEDIR CCACHE_DEPEND

# Results of this invocation: logs, console, TAP, report.  The orchestrating
# script creates it and exports RESULTS so that the steps it runs share it.
RESULTS=${RESULTS:-$CACHE/$BASE/results/$(date +%Y%m%d-%H%M%S)}
export RESULTS

# new_results: create this job's results directory, and point "latest"
# beside it at it.
# boot_accel: the accelerator boot.sh will use, kvm or tcg (ACCEL, or
# when it is auto: kvm where the guest can run KVM itself, with /dev/kvm
# usable and VMX or SVM offered to it).
boot_accel() {
	case ${ACCEL:-auto} in
	auto)
		if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
			echo kvm
		else
			echo tcg
		fi
		;;
	kvm | tcg) echo "$ACCEL" ;;
	*) die "ACCEL=$ACCEL: use auto, kvm or tcg" ;;
	esac
}

new_results() {
	mkdir -p "$RESULTS"
	ln -sfn "${RESULTS##*/}" "$(dirname "$RESULTS")/latest"
}

say() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"
}

die() {
	printf 'FAILED: %s\n' "$*" >&2
	# The orchestrating script repeats the reason as its last line.
	[ ! -d "$RESULTS" ] || printf 'FAILED: %s\n' "$*" >"$RESULTS/failure"
	exit 1
}

# lock_cache: one job at a time on the trees and build directories under
# $CACHE.  make check checks out older commits of the series tree while it
# runs; a second job would build, boot or export whatever it found there.
# The lock is held until the job and every process it started have
# exited; the scripts that a locked job runs do not lock again.
lock_cache() {
	[ -z "${KT_LOCKED:-}" ] || return 0
	mkdir -p "$CACHE"
	exec 9>>"$CACHE/lock"
	flock -n 9 || die "another job is using $CACHE ($(cat "$CACHE/lock.owner" 2>/dev/null || echo 'no owner recorded')): wait for it to end, or give this one CACHE_DIR=<another directory>"
	printf 'pid %s, since %s: %s\n' "$$" "$(date +%H:%M:%S)" "${0##*/} $*" >"$CACHE/lock.owner"
	KT_LOCKED=1
	export KT_LOCKED
}

# stage NAME CMD...: run one step of a job, timed; the durations go to
# $RESULTS/stages for the report.
stage() {
	_name=$1
	shift
	_t0=$(date +%s)
	say "== $_name"
	_st=ok
	"$@" || _st=FAILED
	printf '  %-44s %5ss  %s\n' "$_name" "$(($(date +%s) - _t0))" "$_st" >>"$RESULTS/stages"
	[ "$_st" = ok ]
}

# prepare_stages: the first stages of a job that builds: the packages,
# the base tree, the series applied, the harness's QEMU.
prepare_stages() {
	stage "packages" "$TOP/scripts/deps.sh" || job_failed "installing packages"
	stage "base tree" "$TOP/scripts/base.sh" || job_failed "making the base tree"
	stage "apply the series" "$TOP/scripts/apply.sh" || job_failed "applying the series"
	stage "build QEMU" "$TOP/scripts/qemu.sh" || job_failed "building QEMU"
}

# qemu_background: start qemu.sh with background (its messages in
# $RESULTS/qemu.log), for qemu_wait.
qemu_background() {
	background "$RESULTS/qemu" "$TOP/scripts/qemu.sh"
	KT_QEMU_PGID=$(cat "$RESULTS/qemu.pgid") KT_QEMU_RESULTS=$RESULTS
	export KT_QEMU_PGID KT_QEMU_RESULTS
	say "qemu: building in the background (messages: $RESULTS/qemu.log)"
}

# qemu_wait: wait for the build qemu_background started, and print its
# messages; fail as it did.
qemu_wait() {
	background_wait "$KT_QEMU_RESULTS/qemu" || return 1
	cat "$KT_QEMU_RESULTS/qemu.log" >&2
}

# background OUT CMD...: run CMD in a process group (and scheduler
# autogroup) of its own, with its output in OUT.log and its exit status
# in OUT.rc, for background_wait.  The job that starts it stops it if it
# ends first.
background() {
	_out=$1
	shift
	rm -f "$_out.rc"
	# shellcheck disable=SC2016 # expanded by the inner sh
	setsid sh -c 'out=$1; shift; "$@" >"$out.log" 2>&1; echo $? >"$out.rc"' \
		sh "$_out" "$@" </dev/null &
	echo $! >"$_out.pgid"
	background_trap "$!"
}

# background_trap PGID: stop process group PGID, with the others this
# job started, when the job ends.
background_trap() {
	KT_BACKGROUND="${KT_BACKGROUND:-} -$1"
	# shellcheck disable=SC2064 # these groups, now
	trap "kill -- $KT_BACKGROUND 2>/dev/null || :" EXIT
	trap 'exit 130' INT TERM HUP
}

# background_wait OUT: wait for what background started with OUT, with
# its last message every minute, and fail as it did, with its log's end.
background_wait() {
	_t=0
	while [ ! -s "$1.rc" ]; do
		if ! kill -0 "$(cat "$1.pgid")" 2>/dev/null && [ ! -s "$1.rc" ]; then
			echo "FAILED: the background job ended without an exit status (log: $1.log)" \
				>"$RESULTS/failure"
			return 1
		fi
		[ $((_t % 60)) -ne 0 ] || [ "$_t" -eq 0 ] ||
			say "background: still running: $(tail -n 1 "$1.log" 2>/dev/null)"
		sleep 2
		_t=$((_t + 2))
	done
	[ "$(cat "$1.rc")" != 0 ] || return 0
	tail -n 20 "$1.log"
	echo "FAILED: the background job failed (log: $1.log)" >"$RESULTS/failure"
	return 1
}

# stage_report: print the stage durations of this job.
stage_report() {
	echo "Stages:"
	cat "$RESULTS/stages" 2>/dev/null || true
}

# job_failed: the end of a job that stopped at a failed stage.
job_failed() {
	stage_report
	echo "Results: $RESULTS"
	if [ -f "$RESULTS/failure" ]; then
		cat "$RESULTS/failure"
	else
		echo "FAILED: $1 (see above; results in $RESULTS)"
	fi
	exit 1
}

# run_logged LOG DESCRIPTION CMD...: run CMD with its output in LOG; on
# failure show the end of LOG and fail naming it.
run_logged() {
	_log=$1 _what=$2
	shift 2
	mkdir -p "$(dirname "$_log")"
	if ! "$@" >"$_log" 2>&1; then
		tail -n 40 "$_log" >&2
		die "$_what (log: $_log)"
	fi
}

# Boots side by side: a guest keeps about one host CPU busy (one TCG
# thread, or a vCPU under KVM), so as many at once as there are CPUs.
BOOT_SLOTS=$(nproc)

# The merge base that every comparison in the harness is made against.
base_commit() {
	git -C "$BASE_SRC" rev-parse --verify -q 'refs/heads/base^{commit}'
}

kernel_version() {
	make -s -C "$1" kernelversion 2>/dev/null
}

# The patches of the series, in order, without the cover letter.
patch_list() {
	for _p in "$PATCHES"/*.patch; do
		[ -e "$_p" ] || continue
		case "$_p" in */0000-cover-letter.patch) continue ;; esac
		printf '%s\n' "$_p"
	done
}

# One word that changes whenever the base or a patch of the series changes.
series_sum() {
	(base_commit; patch_list | xargs -r cat) | cksum | tr ' ' -
}

# The selftests a run executes, as paths under tools/testing/selftests/kvm:
# the series' own test once it has one, and the existing x86 interrupt
# tests, which the irqchip changes must keep passing, and the two
# second-level guests of a real VMM on this KVM (vmm-ioapic, vmm-pic:
# vmm-guest.sh).  The x86 tests live in x86/ since 6.16, in x86_64/
# before.
TEST_TIMEOUT=${TEST_TIMEOUT:-180}
# Upstream tests with a known flake under nested TCG, which the guest runs
# again when they fail, up to twice, until a run passes (the verdict
# reports every outcome): xapic_ipi_test's sender gives the halting vCPU
# 2e9 TSC cycles to take an IPI, wake and halt again, and fails when the
# emulation stalls longer (3 of 16 runs on 2026-11-30, base and series, on
# 7.3 and 6.12, alone or beside another boot); sync_regs_test's race
# sub-tests failed once in 10 runs.  irqchip_lock_test, the series'
# own test, gets no retry: a failure of it is a bug to find.
RETRY_TESTS="xapic_ipi_test sync_regs_test"
# Bugs of the unpatched base that the series fixes, which its selftest or
# the kernel log show.  A kernel without the fixing patch (the base, or a
# patch of the series before it) fails them: there, and only there, a
# failure made of nothing but these is reported as XFAIL, with its output
# and fix, and not counted.  Any other failure in the same test or log,
# and any of these on a kernel that has the fix, fails as usual.
#
# BASE_BUGS, "TEST:SUB-TEST PREFIX:FIX" per line, FIX the subject of the
# patch that fixes it.  7.3.4 and 6.12.117: an irqfd resampler's de-assert
# can overtake its assert of a GSI routed to both chips and leave the
# second chip's line up (seen once in 73 runs before the fix); a
# resampler's line left up on a pin that the GSI routing no longer maps to
# it is never lowered, and the pin delivers again after every EOI (20013
# interrupts in 50 ms on 7.3.4); the unmask of a level IOAPIC pin whose
# IRR is set delivers before the vCPUs learn the pin's new vector, whose
# EOI is then ignored and leaves Remote IRR set for good: the handshake of
# ioapic-level-irqline or ioapic-level-irqline-ack (the level lanes without
# a resampler, which the unmask services; the prefix names both) stops,
# and the antagonist and the idle check after it
# see the pin stuck (once in a cold make check on 7.3; 3 runs of 3 with the
# window widened by 200 ms, none with the fix).
BASE_BUGS="irqchip_lock_test:resampler-lines-agree after :KVM: x86: Serialize an irqfd resampler's assert with its de-assert
irqchip_lock_test:resampler-routing-change:KVM: x86: Release the irqfd resampler's line in the chip that takes the ack
irqchip_lock_test:handshake ioapic-level-irqline:KVM: x86: Request the IOAPIC scan before servicing a pin on unmask
irqchip_lock_test:concurrent-antagonists during handshake:KVM: x86: Request the IOAPIC scan before servicing a pin on unmask
irqchip_lock_test:chips-idle after handshake:KVM: x86: Request the IOAPIC scan before servicing a pin on unmask"
# BASE_LOG_BUGS, "FILE|TEXT|FIX" per line: a WARNING at the line of the
# base tree's FILE that holds TEXT.  6.12.117 and 6.12.118 WARN when an
# ExtINT of the in-kernel PIC is withdrawn between
# kvm_cpu_has_injectable_intr() and kvm_cpu_get_interrupt(), which a guest
# (IMR) or a VMM (a level line) can do at will; irqchip_lock_test hit it
# in about 1 run of 50, and its extint-withdrawn sub-test once in 20
# runs.  The report names the function it was inlined in
# (kvm_arch_vcpu_ioctl_run()), so only its line identifies it, and 6.12's
# stable releases move that line (x86.c:10018 in 6.12.117, 10020 in
# 6.12.118): base_log_bugs finds it in the base tree.  Linux 7.3 has
# kvm_warn_on_lost_irq() instead, which patch 1 of patches/6.12
# backports, so its base has no such line and no such bug.
BASE_LOG_BUGS="arch/x86/kvm/x86.c|if (!WARN_ON_ONCE(irq == -1)) {|KVM: x86: Don't WARN about a lost IRQ if the VM has an in-kernel PIC"

# base_log_bugs: BASE_LOG_BUGS as verdict.sh matches them, "REGEX|FIX" per
# line, REGEX a report header as scan-log.sh prints it, for a WARNING at
# each line of the base tree's FILE that holds TEXT; nothing for a bug
# whose TEXT the base does not have.  boot.sh leaves them beside each
# boot's results, so that a verdict on saved results needs no tree.
base_log_bugs() {
	printf '%s\n' "$BASE_LOG_BUGS" | while IFS='|' read -r _f _t _fix; do
		_re=$(printf '%s' "$_f" | sed 's/[.]/\\./g')
		grep -n -F -- "$_t" "$BASE_SRC/$_f" 2>/dev/null | cut -d: -f1 | while read -r _l; do
			printf 'warning [0-9]+: WARNING: CPU: [0-9]+ PID: [0-9]+ at [^ ]*%s:%s |%s\n' "$_re" "$_l" "$_fix"
		done
	done
}

default_tests() {
	_kvm=$SERIES_SRC/tools/testing/selftests/kvm
	_arch=x86
	[ -d "$_kvm/x86" ] || _arch=x86_64
	for _t in $_arch/irqchip_lock_test irqchip_lock_test; do
		[ ! -f "$_kvm/$_t.c" ] || echo "$_t"
	done
	echo $_arch/xapic_ipi_test $_arch/xapic_state_test \
		$_arch/recalc_apic_map_test $_arch/sync_regs_test \
		vmm-ioapic vmm-pic
}
