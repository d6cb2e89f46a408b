#!/bin/sh
# sanitize.sh: "make sanitize".  For each sanitizer kernel of SANITIZERS
# (kasan: KASAN + UBSAN, config/sanitize-kasan.config; kcsan: KCSAN,
# config/sanitize-kcsan.config; each on top of the test configuration),
# build the base and the series with the same configuration, boot both
# side by side running the irqchip selftest and the upstream x86
# interrupt tests, and compare their kernel reports, deduplicated by
# title and top frames (sanitize-compare.sh).  The verdict: the tests
# pass, and the series adds no report that the base does not have;
# reports that the base has too are listed as pre-existing, KCSAN's
# races on the series alone in code the series does not change apart.
# A sanitizer kernel is several times slower than the test kernel: a
# hang still ends the boot, later.  (Before common.sh, which sets the
# test kernel's default.)
TEST_TIMEOUT=${TEST_TIMEOUT:-900}
. "$(dirname "$0")/common.sh"

SANITIZERS=${SANITIZERS:-kasan kcsan}
SANITIZE_RECHECK=${SANITIZE_RECHECK:-2}
case $SANITIZE_RECHECK in
'' | *[!0-9]*) die "SANITIZE_RECHECK=$SANITIZE_RECHECK: the number of base boots that look again for a report new with the series (0 for none)" ;;
esac
for k in $SANITIZERS; do
	case $k in kasan | kcsan) ;; *) die "SANITIZERS=$SANITIZERS: use kasan, kcsan or both" ;; esac
done
TESTS=${TESTS:-$(default_tests | tr ' ' '\n' | grep -v '^vmm-' | paste -sd' ' -)}
export TEST_TIMEOUT TESTS
lock_cache "$@"
S=$TOP/scripts
new_results
[ -f "$RESULTS/stages" ] || : >"$RESULTS/stages"
say "results of this run: $RESULTS"

prepare_stages
for t in $TESTS; do
	[ -e "$SERIES_SRC/tools/testing/selftests/kvm/$t.c" ] ||
		job_failed "TESTS: no KVM selftest $t in the series tree (second-level guests do not run here)"
done

# boot_args SANITIZER: the kernel command line its kernels boot with.
# KASAN reports only its first bad access unless told otherwise: one
# report of the base's would hide every later one.
boot_args() {
	[ "$1" != kasan ] || echo kasan_multi_shot
}

first=""
for k in $SANITIZERS; do
	frag=$TOP/config/sanitize-$k.config
	for side in base series; do
		if [ "$side" = base ]; then src=$BASE_SRC; else src=$SERIES_SRC; fi
		stage "build $side $k kernel" "$S/build.sh" "$src" "$WORK/$side/sanitize-$k" "$side-$k" "$frag" ||
			job_failed "building the $side $k kernel"
	done
	first=${first:-$WORK/series/sanitize-$k}
done
stage "build KVM selftests" "$S/selftests.sh" "$SERIES_SRC" "$first" ||
	job_failed "building the KVM selftests"

for k in $SANITIZERS; do
	args=$(boot_args "$k")
	for side in base series; do
		KERNEL_ARGS=$args BOOT_LABEL=$side-$k stage "boot $side $k kernel, run tests" \
			"$S/boot.sh" "$WORK/$side/sanitize-$k/arch/x86/boot/bzImage" \
			"$first/kselftest-install" "$RESULTS/$k/$side" &
	done
	wait
done

echo
ver=$(kernel_version "$BASE_SRC")
nseries=$(git -C "$SERIES_SRC" rev-list --count "$(base_commit)..HEAD")
pass=0 fail=0
for k in $SANITIZERS; do
	case $k in kasan) what="KASAN + UBSAN" ;; kcsan) what=KCSAN ;; esac
	args=$(boot_args "$k")
	for side in base series; do
		if [ "$side" = base ]; then
			title="$what, base: Linux $ver, unpatched"
		else
			title="$what, series: Linux $ver + $nseries patch(es)"
		fi
		LOG_VERDICT=compare "$S/verdict.sh" "$RESULTS/$k/$side" "$title" || true
		read -r p f <"$RESULTS/$k/$side/counts"
		pass=$((pass + p)) fail=$((fail + f))
	done
	# Which races a boot meets depends on timing: a report on the
	# series alone is looked for in more boots of the base before it
	# counts as new.  One that shows there is pre-existing.
	i=0 rc=0
	"$S/sanitize-compare.sh" -q "$RESULTS/$k" "$SERIES_SRC" "$(base_commit)" || rc=$?
	while [ "$rc" -eq 1 ] && [ "$i" -lt "$SANITIZE_RECHECK" ]; do
		i=$((i + 1))
		# Named base, as verdict.sh tells the base by its directory's
		# name: the base's known bugs are XFAIL there too.
		r=$RESULTS/$k/recheck-$i/base
		say "$k: $(wc -l <"$RESULTS/$k/new.keys") report(s) on the series alone: base boot $i of at most $SANITIZE_RECHECK to look for them"
		KERNEL_ARGS=$args BOOT_LABEL=base-$k-recheck-$i stage "boot base $k kernel again ($i), run tests" \
			"$S/boot.sh" "$WORK/base/sanitize-$k/arch/x86/boot/bzImage" \
			"$first/kselftest-install" "$r" || true
		LOG_VERDICT=compare "$S/verdict.sh" "$r" "$what, base again ($i): Linux $ver, unpatched" || true
		read -r p f <"$r/counts"
		pass=$((pass + p)) fail=$((fail + f))
		rc=0
		"$S/sanitize-compare.sh" -q "$RESULTS/$k" "$SERIES_SRC" "$(base_commit)" || rc=$?
	done
	echo
	echo "== $what: kernel reports, base vs series (config/sanitize-$k.config)"
	if "$S/sanitize-compare.sh" "$RESULTS/$k" "$SERIES_SRC" "$(base_commit)"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
	echo
done
stage_report
echo "Results: $RESULTS"
echo "$pass $fail" >"$RESULTS/totals"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
