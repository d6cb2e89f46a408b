#!/bin/sh
# bench-guest.sh: the command that make bench gives the test guest (boot.sh).
# Runs irqchip_lock_test -m bench for every case of bench-cases.sh and
# prints TAP in kselftest's format, one result per case, named as
# bench-cases.sh names it, with the test's output before it.  Around a
# "locks:" case it clears /proc/lock_stat and then prints the irqchip
# locks' counts from it: "# lock_stat CLASS acquisitions A contentions C".
#   KT_DIR           kselftest install directory
#   KT_TIMEOUT       seconds each case may run
#   KT_BENCH_SECS    seconds each case measures
#   KT_BENCH_PATHS   lanes to measure, comma separated (default all)
#   KT_BENCH_KIND    the kind of cases to run: bench, locks (default both)
set -u
# Under -icount a rate counts instructions; keep what varies from boot to
# boot out of the measured runs: the test binary is paged in from tmpfs,
# not from the host's 9p share, and its address space is not randomized.
cp "$KT_DIR/kvm/irqchip_lock_test" /run/tmp/ || exit 1
bin=/run/tmp/irqchip_lock_test
echo 0 >/proc/sys/kernel/randomize_va_space
cases=$("$(dirname "$0")/bench-cases.sh" "${KT_BENCH_PATHS:-}" "${KT_BENCH_KIND:-}") || exit 1
out=/run/tmp/bench.out
# The irqchip locks by lockdep class: the names given to spin_lock_init()
# and mutex_init() (the PIC's is i8259.c's "s").
classes="&ioapic->lock &s->lock &kvm->irq_lock"

# lock_counts: one line per class of $classes, "CLASS ACQUISITIONS
# CONTENTIONS", summed over the class's lines of /proc/lock_stat ("CLASS:
# con-bounces contentions waittime-min max total avg acq-bounces
# acquisitions ..."; a class not taken since the last clear has none).
lock_counts() {
	awk -v classes="$classes" '
	BEGIN { n = split(classes, c, " "); for (i = 1; i <= n; i++) want[c[i] ":"] = c[i] }
	($1 in want) && NF >= 9 { acq[want[$1]] += $9; con[want[$1]] += $3 }
	END { for (i = 1; i <= n; i++) printf "%s %d %d\n", c[i], acq[c[i]], con[c[i]] }
	' /proc/lock_stat
}

locks=yes
if [ -w /proc/sys/kernel/lock_stat ] && [ -w /proc/lock_stat ]; then
	echo 1 >/proc/sys/kernel/lock_stat
else
	locks=no
fi

# One case first, not reported: the first run of the test in a boot does
# more than the later ones (it pages the host's libraries in over 9p, and
# under -icount waiting for the host's I/O thread moves the guest's clock
# on).  One boot's first case measured 2.19 s for 2 s of interrupts, 9%
# below the same case in other boots.
"$bin" -m bench -l ioapic-edge-irqline -v 2 -t 1 -d 1 >"$out" 2>&1 ||
	{ sed 's/^/# warm-up: /' "$out"; echo "Bail out! the warm-up run of $bin failed"; exit 1; }

echo "TAP version 13"
echo "1..$(echo "$cases" | wc -l)"
n=0
echo "$cases" | while IFS=: read -r kind path v t len; do
	n=$((n + 1))
	name=$kind:$path:$v:$t${len:+:$len}
	echo "# selftests: kvm: $name"
	if [ "$kind" = locks ] && [ "$locks" = no ]; then
		echo "ok $n selftests: kvm: $name # SKIP no /proc/lock_stat (CONFIG_LOCK_STAT)"
		continue
	fi
	secs=$KT_BENCH_SECS
	case $len in short) secs=1 ;; long) secs=$((1 + KT_BENCH_SECS)) ;; esac
	[ "$kind" = bench ] || echo 0 >/proc/lock_stat
	# vCPU0 programs the chips, then halts: one more than the vCPUs
	# that take the interrupts.
	timeout -k 5 "$KT_TIMEOUT" "$bin" -m bench -l "$path" -v $((${v#v} + 1)) \
		-t "${t#t}" -d "$secs" >"$out" 2>&1
	rc=$?
	sed 's/^/# /' "$out"
	[ "$kind" = bench ] || lock_counts | while read -r class acq con; do
		echo "# lock_stat $class acquisitions $acq contentions $con"
	done
	case $rc in
	0) echo "ok $n selftests: kvm: $name" ;;
	124 | 137) echo "not ok $n selftests: kvm: $name # TIMEOUT $KT_TIMEOUT seconds" ;;
	*) echo "not ok $n selftests: kvm: $name # exit=$rc" ;;
	esac
done
