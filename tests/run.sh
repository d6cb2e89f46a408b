#!/bin/sh
# The harness's own tests: shellcheck on every script, the kernel log
# scanner on recorded console excerpts (each must be classified exactly),
# the verdict on a recorded TAP file, option checking in the Makefile, and
# the benchmark's table from recorded runs.
set -u
# Run from make check, the tests must not write into its results or ride
# on its lock, nor take its options: the outer make's command line (its
# MAKEFLAGS, which a make run here would obey, and the environment it
# exports) stays out of the makes and scripts that these tests run.
unset RESULTS KT_LOCKED MAKEFLAGS MFLAGS MAKELEVEL
unset BASE KERNEL_SRC BASE_REF CACHE_DIR BASELINE TESTS TEST_TIMEOUT BOOT_TIMEOUT \
	ACCEL SMP MEM JOBS FORCE ROUNDS BENCH_SECS BENCH_PATHS VMM_QEMU_ARGS DIR CMD V ARGS \
	SANITIZERS SANITIZE_RECHECK SOAK_HANDSHAKES BENCH_CLOCK BENCH_SHIFT CONSOLE_LIMIT_MB
T=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$T")
n=0 failed=0

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

echo "TAP version 13"
out=$(cd "$TOP" && shellcheck -x -P scripts -s sh scripts/*.sh tests/run.sh .ci/run 2>&1)
[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
result "$([ -z "$out" ]; echo $?)" "shellcheck"

while read -r file classes; do
	case "$file" in "#"* | "") continue ;; esac
	got=$("$TOP/scripts/scan-log.sh" "$T/scan/$file" | cut -d' ' -f1 | sort -u | tr '\n' ' ')
	got=${got% }
	[ -n "$got" ] || got=none
	want=$(echo "$classes" | tr ' ' '\n' | sort -u | tr '\n' ' ')
	want=${want% }
	[ "$got" = "$want" ] || echo "# $file: found '$got', want '$want'"
	result "$([ "$got" = "$want" ]; echo $?)" "scan-log: $file -> $want"
done <"$T/scan/expected"

# The exit status agrees with what was found.
"$TOP/scripts/scan-log.sh" "$T/scan/clean-boot.log" >/dev/null
result $? "scan-log: exit 0 on a clean log"
"$TOP/scripts/scan-log.sh" "$T/scan/warning.log" >/dev/null
result "$([ $? -eq 1 ]; echo $?)" "scan-log: exit 1 on a report"
"$TOP/scripts/scan-log.sh" "$T/scan/no-such-file" >/dev/null 2>&1
result "$([ $? -eq 2 ]; echo $?)" "scan-log: exit 2 on a missing log"

# verdict.sh: a skipped, a failed and a missing test fail, so does a report.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$T/verdict/tap.txt" "$T/verdict/console.log" "$tmp/"
tests=$(sed -n '2p' "$T/verdict/expected")
want=$(sed -n '3p' "$T/verdict/expected")
TESTS=$tests RESULTS=$tmp "$TOP/scripts/verdict.sh" "$tmp" "recorded run" >"$tmp/out" 2>&1
rc=$?
got=$(cat "$tmp/counts" 2>/dev/null)
ok=1
[ "$got" = "$want" ] && [ $rc -eq 1 ] && ok=0
[ $ok -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $ok "verdict: counts '$want' and a non-zero exit on a failed run"

# The verdict names only the checkers that the kernel's config has.
rm -f "$tmp/boot-failure" "$tmp/boot-tail"
printf 'CONFIG_PROVE_LOCKING=y\nCONFIG_DETECT_HUNG_TASK=y\n# CONFIG_KASAN is not set\n' >"$tmp/config"
: >"$tmp/console.log"
TESTS=$tests RESULTS=$tmp "$TOP/scripts/verdict.sh" "$tmp" "recorded run" >"$tmp/out" 2>&1
line=$(grep 'kernel log' "$tmp/out")
[ "$line" = "  ok    kernel log: no report of lockdep, WARNING, BUG, Oops, panic, hung task (the kernel has no KASAN, KCSAN, UBSAN)" ]
r=$?
[ $r -eq 0 ] || echo "# $line"
result $r "verdict: names only the checkers in the kernel's config"
rm "$tmp/config"
TESTS=$tests RESULTS=$tmp "$TOP/scripts/verdict.sh" "$tmp" "recorded run" >"$tmp/out" 2>&1
grep -q "kernel log: no report of WARNING, BUG, Oops, panic (the kernel's config was not saved" "$tmp/out"
result $? "verdict: claims no debug checker without the kernel's config"
cp "$T/verdict/console.log" "$tmp/"

# A guest that hung is one more failure, reported with its last lines.
echo "the guest hung: no poweroff within 25s" >"$tmp/boot-failure"
echo "[   20.000000] last words" >"$tmp/boot-tail"
TESTS=$tests RESULTS=$tmp "$TOP/scripts/verdict.sh" "$tmp" "recorded run" >"$tmp/out" 2>&1
ok=1
[ "$(cat "$tmp/counts")" = "${want% *} $((${want#* } + 1))" ] &&
	grep -q 'FAIL  boot: the guest hung' "$tmp/out" && grep -q 'last words' "$tmp/out" && ok=0
[ $ok -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $ok "verdict: a hung guest is a failure, shown with its last console lines"

# A known flake retried: reported with both outcomes; it passes only when
# the retry passed.
mkdir -p "$tmp/flake"
printf '%s\n' 'TAP version 13' '1..1' '# selftests: kvm: xapic_ipi_test' '# first run output' \
	'not ok 1 selftests: kvm: xapic_ipi_test # exit=254' >"$tmp/flake/tap.txt"
printf '%s\n' '# selftests: kvm: xapic_ipi_test' 'ok 1 selftests: kvm: xapic_ipi_test' >"$tmp/flake/tap-retry.txt"
: >"$tmp/flake/console.log"
TESTS=x86/xapic_ipi_test RESULTS=$tmp/flake "$TOP/scripts/verdict.sh" "$tmp/flake" "flake" >"$tmp/out" 2>&1
grep -q 'ok    x86/xapic_ipi_test (known flake: the first run failed (exit=254), retry 1 of 2 passed)' "$tmp/out" &&
	grep -q 'first run output' "$tmp/out" && [ "$(cat "$tmp/flake/counts")" = "2 0" ]
r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "verdict: a known flake that passed on retry passes, with the first run's output"
printf '%s\n' '# selftests: kvm: xapic_ipi_test' 'not ok 1 selftests: kvm: xapic_ipi_test # exit=254' \
	'# selftests: kvm: xapic_ipi_test' 'not ok 1 selftests: kvm: xapic_ipi_test # exit=1' >"$tmp/flake/tap-retry.txt"
TESTS=x86/xapic_ipi_test RESULTS=$tmp/flake "$TOP/scripts/verdict.sh" "$tmp/flake" "flake" >"$tmp/out" 2>&1
grep -q 'FAIL  x86/xapic_ipi_test: exit=254; its 2 retries too, the last: exit=1' "$tmp/out" &&
	[ "$(cat "$tmp/flake/counts")" = "1 1" ]
r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "verdict: a known flake that failed three times fails"

# A base bug that the series fixes: XFAIL on the base kernel, only when
# every failed sub-test is a listed one; a failure on any other kernel.
for d in base series mixed; do
	mkdir -p "$tmp/xf/$d"
	: >"$tmp/xf/$d/console.log"
	{
		printf '%s\n' 'TAP version 13' '1..1' '# selftests: kvm: irqchip_lock_test' \
			'# ok 10 chips-idle after handshake' \
			'# # handshake: IOAPIC IRR set on pins 0x10, resampled PIC lanes' \
			'# not ok 11 resampler-lines-agree after handshake'
		[ "$d" != mixed ] || echo '# not ok 12 flood pic-level-resample'
		echo 'not ok 1 selftests: kvm: irqchip_lock_test # exit=1'
	} >"$tmp/xf/$d/tap.txt"
done
mv "$tmp/xf/mixed" "$tmp/xf/mixed-base" && mkdir "$tmp/xf/m" && mv "$tmp/xf/mixed-base" "$tmp/xf/m/base"
v() { TESTS=x86/irqchip_lock_test RESULTS=$1 "$TOP/scripts/verdict.sh" "$1" "$2" >"$tmp/out" 2>&1; }
v "$tmp/xf/base" "base: recorded"
grep -q 'XFAIL x86/irqchip_lock_test: a bug that the series fixes, not counted: resampler-lines-agree after handshake (fixed by KVM: x86: Serialize' "$tmp/out" &&
	grep -q 'IOAPIC IRR set on pins 0x10' "$tmp/out" && ! grep -q 'ok 10 chips-idle' "$tmp/out" &&
		[ "$(cat "$tmp/xf/base/counts")" = "2 0" ]
r=$?
v "$tmp/xf/series" "series: recorded"
grep -q 'FAIL  x86/irqchip_lock_test: exit=1' "$tmp/out" && [ "$(cat "$tmp/xf/series/counts")" = "1 1" ] || r=1
v "$tmp/xf/m/base" "base: recorded"
grep -q 'FAIL  x86/irqchip_lock_test: exit=1' "$tmp/out" && [ "$(cat "$tmp/xf/m/base/counts")" = "1 1" ] || r=1
# The kernel of patch N has the bugs that only later patches fix.
mkdir -p "$tmp/xf/c/bisect"
cp -r "$tmp/xf/base" "$tmp/xf/c/patch-1"
echo "KVM: x86: Serialize an irqfd resampler's assert with its de-assert" >"$tmp/xf/c/bisect/subject-1"
echo "KVM: x86: Release the irqfd resampler's line in the chip that takes the ack" >"$tmp/xf/c/bisect/subject-2"
v "$tmp/xf/c/patch-1" "patch 1"
grep -q 'FAIL  x86/irqchip_lock_test: exit=1' "$tmp/out" || r=1
sed -i 's/resampler-lines-agree after handshake/resampler-routing-change/' "$tmp/xf/c/patch-1/tap.txt"
v "$tmp/xf/c/patch-1" "patch 1"
grep -q 'XFAIL x86/irqchip_lock_test: a bug that the series fixes, not counted: resampler-routing-change (fixed by KVM: x86: Release' "$tmp/out" || r=1
mv "$tmp/xf/c/patch-1" "$tmp/xf/c/patch-2"
v "$tmp/xf/c/patch-2" "patch 2"
grep -q 'FAIL  x86/irqchip_lock_test: exit=1' "$tmp/out" || r=1
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "verdict: a listed bug is XFAIL on a kernel without its fix (base, earlier patch), with nothing else failed"

# The same for a kernel report: the 6.12 lost-ExtINT WARN, at the line
# of the base tree's x86.c that holds it (base_log_bugs, left by boot.sh
# in log-bugs), is XFAIL on the base alone, and only when it is the only
# report; a WARN at another line, or on a base whose x86.c lacks that
# line (7.3), fails.
src=$tmp/lbc/6.12/debian/base/src/arch/x86/kvm
mkdir -p "$src" "$tmp/lbc/7.3/debian/base/src/arch/x86/kvm"
printf '%s\n' '{' '	int irq = kvm_cpu_get_interrupt(vcpu);' '	if (!WARN_ON_ONCE(irq == -1)) {' '		kvm_queue_interrupt(vcpu, irq, false);' >"$src/x86.c"
echo '	kvm_warn_on_lost_irq(vcpu);' >"$tmp/lbc/7.3/debian/base/src/arch/x86/kvm/x86.c"
lb() { CACHE_DIR=$tmp/lbc BASE=$1 sh -c '. "${0%/*}/common.sh"; base_log_bugs' "$TOP/scripts/lb"; }
for d in lb/base ls/series lm/base ll/base l7/base; do
	mkdir -p "$tmp/$d"
	printf '%s\n' '# selftests: kvm: xapic_state_test' 'ok 1 selftests: kvm: xapic_state_test' >"$tmp/$d/tap.txt"
	printf '%s\n' '[    1.000000] Linux version 6.12.118' \
		'[   64.531403] WARNING: CPU: 0 PID: 128 at ../src/arch/x86/kvm/x86.c:3 kvm_arch_vcpu_ioctl_run+0x110d/0x1744' \
		'[   15.206010] Modules linked in: kvm_amd' >"$tmp/$d/console.log"
	lb 6.12 >"$tmp/$d/log-bugs"
done
lb 7.3 >"$tmp/l7/base/log-bugs"
sed -i 's/x86\.c:3 /x86.c:4 /' "$tmp/ll/base/console.log"
echo '[   16.000000] WARNING: CPU: 0 PID: 1 at ../src/arch/x86/kvm/i8259.c:100 pic_update_irq+0x1/0x2' >>"$tmp/lm/base/console.log"
lv() { TESTS=x86/xapic_state_test RESULTS=$1 "$TOP/scripts/verdict.sh" "$1" "recorded" >"$tmp/out" 2>&1; }
lv "$tmp/lb/base"
grep -q "XFAIL kernel log: 1 report(s), a bug that the series fixes, not counted: fixed by KVM: x86: Don't WARN about a lost IRQ" "$tmp/out" &&
	grep -q 'x86.c:3 kvm_arch_vcpu_ioctl_run' "$tmp/out" && [ "$(cat "$tmp/lb/base/counts")" = "2 0" ] &&
	[ "$(cat "$tmp/lb/base/log-bugs")" = "warning [0-9]+: WARNING: CPU: [0-9]+ PID: [0-9]+ at [^ ]*arch/x86/kvm/x86\\.c:3 |KVM: x86: Don't WARN about a lost IRQ if the VM has an in-kernel PIC" ] &&
	[ ! -s "$tmp/l7/base/log-bugs" ]
r=$?
lv "$tmp/ls/series" && r=1
grep -q 'FAIL  kernel log: 1 report(s)' "$tmp/out" || r=1
lv "$tmp/lm/base" && r=1
grep -q 'FAIL  kernel log: 2 report(s)' "$tmp/out" || r=1
for d in ll l7; do
	lv "$tmp/$d/base" && r=1
	grep -q 'FAIL  kernel log: 1 report(s)' "$tmp/out" || r=1
done
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "verdict: the base's lost-ExtINT WARN, at its line in the base tree, is XFAIL on the base alone, and only alone"

# make verdict re-reads a results directory: the same report, no boot.
mkdir -p "$tmp/again/series"
cp "$T/verdict/tap.txt" "$T/verdict/console.log" "$tmp/again/series/"
echo "$tests" >"$tmp/again/series/tests"
echo "recorded run" >"$tmp/again/series/title"
make -s -C "$TOP" verdict DIR="$tmp/again" >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q '^== recorded run$' "$tmp/out" &&
	grep -qx "${want% *} passed, ${want#* } failed" "$tmp/out"
r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "make verdict DIR=: the report of a results directory, again"
make -s -C "$TOP" verdict DIR="$tmp/no-such-dir" >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "no such results directory" "$tmp/out"
result $? "make verdict: refuses a directory that does not exist"
make -s -C "$TOP" build -n >/dev/null 2>&1
result $? "make build: a rule, not 'nothing to be done'"
out=$(make -s -C "$TOP" exec 2>&1)
rc=$?
[ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "usage: make exec CMD="
result $? "make exec: refuses to boot without CMD"

# The Makefile refuses options it does not know and bad values.
make -n -s -C "$TOP" run NO_SUCH_OPTION=1 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'unknown option NO_SUCH_OPTION' "$tmp/out"
result $? "make: refuses an unknown option"
make -n -s -C "$TOP" run BASELINE=yes >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'BASELINE=yes' "$tmp/out"
result $? "make: refuses BASELINE=yes"

make -n -s -C "$TOP" run ACCEL=hvf >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'ACCEL=hvf' "$tmp/out"
result $? "make: refuses ACCEL=hvf"
make -n -s -C "$TOP" run SMP=0 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'SMP=0: not a positive number' "$tmp/out"
result $? "make: refuses SMP=0"

make -n -s -C "$TOP" run O=/tmp/x >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'O=/tmp/x: the harness keeps its build directories under CACHE_DIR' "$tmp/out"
r=$?
make -n -s -C "$TOP" run LLVM=1 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'LLVM=1: .*clang builds are not supported' "$tmp/out" || r=1
make -n -s -C "$TOP" run V=2 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'V=2: use V=1' "$tmp/out" || r=1
make -n -s -C "$TOP" run V=1 >"$tmp/out" 2>&1 || r=1
result $r "make: accepts V=1; refuses O= and LLVM= saying why"
make -n -s -C "$TOP" run BASE=5.10 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'BASE=5.10: no such base; the bases are: 7.3 6.12' "$tmp/out"
result $? "make: refuses BASE=5.10, naming the bases"
out=$(BASE=5.10 "$TOP/scripts/base.sh" 2>&1)
rc=$?
[ $rc -ne 0 ] && [ "$out" = "FAILED: BASE=5.10: no such base; the bases are: 7.3 6.12" ]
result $? "scripts: refuse BASE=5.10 in one line, naming the bases"

# Two jobs never share the trees: the second one stops at once, naming
# the first.
lc=$tmp/lockcache
mkdir -p "$lc"
(
	exec 9>>"$lc/lock"
	flock 9
	echo 'pid 4242, since 10:00:00: check.sh' >"$lc/lock.owner"
	sleep 30
) &
holder=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$lc/lock.owner" ] && break; sleep 0.2; done
out=$(env -u KT_LOCKED CACHE_DIR="$lc" "$TOP/scripts/export.sh" 2>&1)
rc=$?
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
[ $rc -ne 0 ] && [ "$out" = "FAILED: another job is using $lc (pid 4242, since 10:00:00: check.sh): wait for it to end, or give this one CACHE_DIR=<another directory>" ]
r=$?
[ $r -eq 0 ] || printf '# %s\n' "$out"
out=$(env -u KT_LOCKED CACHE_DIR="$lc" "$TOP/scripts/export.sh" 2>&1)
case $out in *"another job"*) r=1 ;; esac
result $r "scripts: a second job on the same cache stops at once, naming the first; the lock goes with the job"

# make boot builds nothing: with nothing built it says what to run.
out=$(env -u KT_LOCKED CACHE_DIR="$tmp/empty-cache" make -s -C "$TOP" boot 2>&1)
rc=$?
[ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "^FAILED: no series kernel or KVM selftests built under $tmp/empty-cache/7.3/debian: make build first"
r=$?
[ $r -eq 0 ] || printf '# %s\n' "$out"
[ ! -e "$tmp/empty-cache/7.3/debian" ] || r=1
result $r "make boot: with nothing built, one line naming make build, and nothing made"
make -n -s -C "$TOP" run ARGS='-s 0x1234' >"$tmp/out" 2>&1
result $? "make: accepts ARGS= (for irqchip_lock_test)"
out=$("$TOP/scripts/fetch-deb.sh" -o bookworm-backports qemu 2>&1)
rc=$?
[ $rc -ne 0 ] && [ "$out" = "FAILED: usage: fetch-deb.sh [-s|-o] SUITE PKG VERSION DIR" ]
result $? "fetch-deb.sh: usage, with -o (upstream tarball alone)"

# The QEMU patches are git format-patch mails, each signed off, with a
# write-up beside them.
r=0
for p in "$TOP"/qemu/*.patch; do
	grep -q '^Subject: \[PATCH' "$p" && grep -q '^Signed-off-by: ' "$p" || r=1
done
[ -f "$TOP/qemu/README.md" ] || r=1
result $r "qemu/: patches in git format-patch form, signed off, and a README"

# Each base has its series, with a cover letter.
for b in 7.3 6.12; do
	[ -f "$TOP/patches/$b/0000-cover-letter.patch" ] &&
		[ "$(find "$TOP/patches/$b" -name '0*.patch' | wc -l)" -gt 1 ]
	result $? "patches/$b: a series with a cover letter"
done

# make sanitize: reports deduplicated by title and top frames, whatever
# their offsets, addresses, CPU, PID and line numbers; the kernel log is
# compared by sanitize.sh, not judged by the verdict.
"$TOP/scripts/sanitize-reports.sh" "$T/sanitize/console.log" >"$tmp/out" 2>&1
cmp -s "$tmp/out" "$T/sanitize/expected"
r=$?
[ $r -eq 0 ] || diff "$T/sanitize/expected" "$tmp/out" | sed 's/^/# /'
result $r "sanitize-reports: one line per distinct report, with its count"
mkdir -p "$tmp/san/base"
cp "$T/sanitize/console.log" "$tmp/san/base/"
printf '%s\n' '# selftests: kvm: xapic_state_test' 'ok 1 selftests: kvm: xapic_state_test' >"$tmp/san/base/tap.txt"
LOG_VERDICT=compare TESTS=x86/xapic_state_test RESULTS=$tmp/san "$TOP/scripts/verdict.sh" "$tmp/san/base" "recorded" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$tmp/san/base/counts")" = "1 0" ] &&
	grep -q -- '--    kernel log: 5 report(s); .*base and series compared below' "$tmp/out"
r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "verdict: LOG_VERDICT=compare describes the kernel log and does not count it"
make -n -s -C "$TOP" sanitize SANITIZERS=asan >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'SANITIZERS=asan: use kasan, kcsan or both' "$tmp/out"
r=$?
make -n -s -C "$TOP" soak SOAK_HANDSHAKES=0 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'SOAK_HANDSHAKES=0: not a positive number' "$tmp/out" || r=1
make -n -s -C "$TOP" sanitize SANITIZE_RECHECK=-1 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'SANITIZE_RECHECK=-1: the number of base boots' "$tmp/out" || r=1
result $r "make: refuses SANITIZERS=asan, SANITIZE_RECHECK=-1 and SOAK_HANDSHAKES=0"

# kcsan-elsewhere.sh: a KCSAN race counts as the series' when one of its
# functions is defined in a file the series changes, or nowhere.
g=$tmp/kcsan-src
mkdir -p "$g/include" "$g/tools"
printf '%s\n' 'int foo(int x)' '{' '}' 'static void bar(struct s *p,' '\tint y)' '{' '}' >"$g/a.c"
printf '%s\n' 'void baz(void)' '{' '}' >"$g/b.c"
printf '%s\n' 'void foo(int x);' 'void baz2(void);' >"$g/include/h.h"
git -C "$g" init -q && git -C "$g" add -A &&
	git -C "$g" -c user.name=t -c user.email=t@t commit -q -m base &&
	git -C "$g" tag base &&
	echo '/* changed */' >>"$g/a.c" && printf '%s\n' 'void baz2(void)' '{' '}' >"$g/tools/t.c" &&
	git -C "$g" add -A && git -C "$g" -c user.name=t -c user.email=t@t commit -q -m series
k=kcsan t='BUG: KCSAN: data-race in'
printf '%s\t%s\t%s\n' "$k" "$t baz / baz2" "baz" "$k" "$t baz / foo" "foo" "$k" "$t bar.isra.0 / baz" "bar" \
	"$k" "$t nosuch / baz" "baz" kasan "BUG: KASAN: slab-use-after-free in baz" "baz" >"$tmp/keys"
out=$("$TOP/scripts/kcsan-elsewhere.sh" "$g" base "$tmp/keys" 2>&1)
r=$?
[ $r -eq 0 ] && [ "$out" = "$(printf '%s\t%s\t%s' "$k" "$t baz / baz2" baz)" ] || r=1
[ $r -eq 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
result $r "kcsan-elsewhere: only a KCSAN race whose functions are all defined in unchanged files"

# sanitize-compare.sh on recorded consoles: "foo / foo" is in the series'
# code and the base never showed it; "baz / baz2" is outside it; "bar /
# baz" only the base's re-check boot showed.  Without "foo / foo", ok.
cp -r "$T/sanitize/compare" "$tmp/cmp"
"$TOP/scripts/sanitize-compare.sh" "$tmp/cmp/kcsan" "$g" base >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 1 ] &&
	grep -q '^  base: 2 distinct report(s) in 2 boot(s); series: 4$' "$tmp/out" &&
	[ "$(sed -n '/FAIL  kcsan: 1 report(s) new/,/^        [a-z]/p' "$tmp/out" | grep -c 'data-race in')" -eq 1 ] &&
	grep -A1 'FAIL  kcsan: 1 report(s) new' "$tmp/out" | grep -q 'data-race in foo / foo' &&
	grep -A1 'in code that the series does not change' "$tmp/out" | grep -q 'data-race in baz / baz2' &&
	grep -A1 'showed only in its boot 2' "$tmp/out" | grep -q 'data-race in bar / baz'
r=$?
sed -i '/data-race in foo \/ foo/,/^\[ *50.000005\]/d' "$tmp/cmp/kcsan/series/console.log"
if "$TOP/scripts/sanitize-compare.sh" "$tmp/cmp/kcsan" "$g" base >>"$tmp/out" 2>&1; then
	grep -q '^  ok    kcsan: no report new with the series' "$tmp/out" || r=1
else
	r=1
fi
rm "$tmp/cmp/kcsan/series/console.log"
"$TOP/scripts/sanitize-compare.sh" "$tmp/cmp/kcsan" "$g" base >>"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q 'FAIL  kcsan: no console log in' "$tmp/out" || r=1
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "sanitize-compare: new in the series' code fails, outside it listed, a re-check's find pre-existing; no log fails"

make -n -s -C "$TOP" bench ROUNDS=0 >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'ROUNDS=0: not a positive number' "$tmp/out"
result $? "make: refuses ROUNDS=0"
r=0
for bad in BENCH_SHIFT=11:'BENCH_SHIFT=11: a number from 0 to 10' \
	BENCH_CLOCK=cpu:'BENCH_CLOCK=cpu: use icount or wall'; do
	make -n -s -C "$TOP" bench "${bad%%:*}" >"$tmp/out" 2>&1 && r=1
	grep -q "${bad#*:}" "$tmp/out" || { r=1; sed 's/^/# /' "$tmp/out"; }
done
BENCH_CLOCK=icount ACCEL=kvm "$TOP/scripts/bench.sh" >"$tmp/out" 2>&1 && r=1
grep -q 'BENCH_CLOCK=icount: QEMU counts instructions under TCG only' "$tmp/out" || { r=1; sed 's/^/# /' "$tmp/out"; }
result $r "make bench: refuses BENCH_SHIFT=11, BENCH_CLOCK=cpu, -icount under KVM"
mkdir "$tmp/kst" && printf '#!/bin/sh\n' >"$tmp/kst/run_kselftest.sh" && chmod +x "$tmp/kst/run_kselftest.sh"
TCG_THREAD=many RUN=exec EXEC_CMD=true "$TOP/scripts/boot.sh" "$TOP/README.md" "$tmp/kst" "$tmp/boot" >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'TCG_THREAD=many: use single or multi' "$tmp/out"
result $? "boot.sh: refuses TCG_THREAD=many"
make -n -s -C "$TOP" run CONSOLE_LIMIT_MB=1x >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'CONSOLE_LIMIT_MB=1x: not a positive number' "$tmp/out"
result $? "make: refuses CONSOLE_LIMIT_MB=1x"

# The benchmark's cases, and its table from recorded runs (one case of
# the series failed: it has no figure, and no ratio).
[ "$("$TOP/scripts/bench-cases.sh" | grep -c '^bench:')" -eq 48 ] &&
	[ "$("$TOP/scripts/bench-cases.sh" | grep -c '^locks:')" -eq 32 ] &&
	[ "$("$TOP/scripts/bench-cases.sh" pic-edge-irqfd | wc -l)" -eq 10 ] &&
	[ "$("$TOP/scripts/bench-cases.sh" "" locks | grep -vc '^locks:')" -eq 0 ] &&
	[ "$("$TOP/scripts/bench-cases.sh" "" locks | wc -l)" -eq 32 ] &&
	[ "$("$TOP/scripts/bench-cases.sh" pic-edge-irqfd bench | wc -l)" -eq 6 ]
result $? "bench-cases: 8 paths x 3 vCPU counts x 2 line counts and 8 x 2 x 2 lock runs, or one path's 10, or one kind's"
"$TOP/scripts/bench-cases.sh" "" lock >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "no kind of case 'lock'" "$tmp/out"
result $? "bench-cases: refuses an unknown kind"
"$TOP/scripts/bench-cases.sh" pic-edge-irqfd,no-such-path >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "no path 'no-such-path'" "$tmp/out"
result $? "bench-cases: refuses an unknown path"
mkdir "$tmp/bench"
cp -r "$T/bench/base-1" "$T/bench/series-1" "$T/bench/locks" "$tmp/bench/"
"$TOP/scripts/bench-table.sh" "$tmp/bench" >"$tmp/out" 2>&1
rc=$?
ok=1
[ $rc -eq 0 ] &&
	grep -qE '^ioapic-level-resample +1 +1 +1010 \( 1010- 1010\) +692 \(  692-  692\) +0\.685  slower$' "$tmp/out" &&
	grep -qE '^  ioapic-level-resample +0\.685  0 / 0 / 1  slower$' "$tmp/out" &&
	grep -qE '^ioapic-level-resample +1 +4 .* no result +- +no result$' "$tmp/out" &&
	grep -qE '^ioapic-level-resample +1 +1 +4000\.0 \(2\.3\) -> 3000\.0 \(0\.7\) / 2000 +0\.0 \(0\.0\) -> 0\.0 \(0\.0\) / 0 +0\.0 \(0\.0\) -> 0\.0 \(0\.0\) / 0 +1000 -> 1000$' "$tmp/out" &&
	grep -qx 'kvm->irq_lock taken by the handshakes: never' "$tmp/out" &&
	[ "$(wc -l <"$tmp/bench/bench.tsv")" -eq 4 ] && [ "$(wc -l <"$tmp/bench/locks.tsv")" -eq 5 ] && ok=0
[ $ok -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $ok "bench-table: rates, ratio and lock counts (long run less short run) with the limit from recorded runs; a failed case has none"
# The series 0.5% slower on that case: within the 1% a path's verdict needs.
mkdir -p "$tmp/near"
cp -r "$tmp/bench/base-1" "$tmp/bench/series-1" "$tmp/near/"
sed -i 's/handled 1390 per-sec 692$/handled 2016 per-sec 1005/' "$tmp/near/series-1/tap.txt"
"$TOP/scripts/bench-table.sh" "$tmp/near" >"$tmp/out" 2>&1 &&
	grep -qE '^ioapic-level-resample +1 +1 +1010 .* 0\.995  slower$' "$tmp/out" &&
	grep -qE '^  ioapic-level-resample +0\.995  0 / 0 / 1  same within 1%$' "$tmp/out"
r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "bench-table: a path 0.5% off is the same within the 1% between two runs, whatever its rounds say"
# Two runs whose base differs by 2% on the one case with figures.
mkdir -p "$tmp/run1/bench" "$tmp/run2/bench"
cp "$tmp/bench/bench.tsv" "$tmp/run1/bench/"
awk -F '\t' -v OFS='\t' '$1 == "base" && $4 == 1 && $5 == 1 { $6 = $6 * 1.02 } 1' \
	"$tmp/bench/bench.tsv" >"$tmp/run2/bench/bench.tsv"
"$TOP/scripts/bench-compare.sh" "$tmp/run1" "$tmp/run2" >"$tmp/out" 2>&1 &&
	grep -qE '^ioapic-level-resample +1 +1 +0\.6851 +0\.6717 +-1\.96%$' "$tmp/out" &&
	grep -qE '^ioapic-level-resample +1 +4 +- +- +no figure in both$' "$tmp/out" &&
	grep -qx 'Largest difference between the ratios: 1.96% (ioapic-level-resample v1 t1)' "$tmp/out"
r=$?
"$TOP/scripts/bench-compare.sh" "$tmp/run1" "$tmp/none" >>"$tmp/out" 2>&1 && r=1
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "bench-compare: the ratios of two runs per case and their largest difference; a missing run fails"
"$TOP/scripts/bench-chart.sh" "$tmp/bench" >"$tmp/out" 2>&1 &&
	grep -q '<svg' "$tmp/bench/chart.svg" && grep -q 'ioapic-level-resample v1 t1' "$tmp/bench/chart.svg" &&
	! grep -q 'ioapic-level-resample v1 t4' "$tmp/bench/chart.svg"
r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/out"
result $r "bench-chart: an SVG of the cases with figures on both sides"
# The same runs, but the series' long run took kvm->irq_lock once more.
awk '/^# selftests: kvm: locks:.*:long$/ { l = 1 } l && /^# lock_stat &kvm->irq_lock/ { $5 = 11 } 1' \
	"$tmp/bench/locks/series-1/tap.txt" >"$tmp/tap" && mv "$tmp/tap" "$tmp/bench/locks/series-1/tap.txt"
"$TOP/scripts/bench-table.sh" "$tmp/bench" >"$tmp/out" 2>&1
rc=$?
[ $rc -ne 0 ] &&
	grep -qx 'kvm->irq_lock taken by the handshakes: series round 1, ioapic-level-resample v1 t1: 1 time(s) more in the long run' "$tmp/out"
result $? "bench-table: fails when a handshake takes kvm->irq_lock"

# background/background_wait (make check's background builds): a job's
# output and exit status reach the stage that waits for it, a failure
# names its log, and what is still running ends with the job.
bg=$tmp/background
mkdir -p "$bg"
# shellcheck disable=SC2016 # expanded by the inner sh
CACHE_DIR="$tmp/bg-cache" RESULTS="$bg" sh -c '
	. "$1/scripts/common.sh"
	background "$RESULTS/ok" sh -c "echo built"
	background "$RESULTS/bad" sh -c "echo broken; exit 3"
	background "$RESULTS/long" sh -c "echo \$\$ >$RESULTS/long.pid; exec sleep 300"
	background_wait "$RESULTS/ok" && cat "$RESULTS/ok.log"
	background_wait "$RESULTS/bad" || cat "$RESULTS/failure"
	while [ ! -s "$RESULTS/long.pid" ]; do sleep 1; done
' sh "$TOP" >"$bg/out" 2>&1
out=$(cat "$bg/out")
r=0
printf '%s\n' "$out" | grep -qx built || r=1
printf '%s\n' "$out" | grep -qx "FAILED: the background job failed (log: $bg/bad.log)" || r=1
sleep 1
# Gone, or a zombie that nobody reaped yet.
case $(sed -n 's/^State:[[:space:]]*//p' "/proc/$(cat "$bg/long.pid" 2>/dev/null)/status" 2>/dev/null) in
"" | Z*) ;;
*) r=1 ;;
esac
[ $r -eq 0 ] || printf '# %s\n' "$out"
result $r "background: a job's output and failure reach the stage waiting for it; what still runs ends with the job"

echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
