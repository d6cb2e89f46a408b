#!/bin/sh
# sanitize.sh: "make sanitize".  For each sanitizer kernel of SANITIZERS
# (kasan: KASAN + UBSAN, config/sanitize-kasan.config; kcsan: KCSAN,
# config/sanitize-kcsan.config; each on top of the test configuration),
# build the base and the series with the same configuration, boot both
# side by side running the irqchip selftest and the upstream x86
# interrupt tests, and compare their kernel reports, deduplicated by
# title and top frames (sanitize-reports.sh).  The verdict: the tests
# pass, and the series adds no report that the base does not have;
# reports that the base has too are listed as pre-existing, and so are
# KCSAN's races on the series alone in code the series does not change
# (kcsan-elsewhere.sh), apart.
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

# reports KEYS FILE: the reports of FILE (sanitize-reports.sh) whose
# class, title and frames are a line of KEYS, readable.
reports() {
	awk -F '\t' 'NR == FNR { k[$0]; next }
		($1 FS $2 FS $3) in k {
			printf "        %s x%s: %s\n", $1, $4, $2
			if ($3 != "") printf "          at %s\n", $3
		}' "$1" "$2"
}

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
		"$S/sanitize-reports.sh" "$RESULTS/$k/$side/console.log" >"$RESULTS/$k/$side/reports" ||
			: >"$RESULTS/$k/$side/reports"
	done
	b=$RESULTS/$k/base/reports s=$RESULTS/$k/series/reports
	cut -f1-3 "$b" | sort -u >"$b.keys"
	cut -f1-3 "$s" | sort -u >"$s.keys"
	comm -13 "$b.keys" "$s.keys" >"$RESULTS/$k/new.keys"
	# KCSAN samples: which races a boot meets depends on timing.  A KCSAN
	# report on the series alone whose racing accesses are all in code
	# the series does not change is listed, not counted (its races are
	# upstream's to fix); one in the series' code counts.
	e=$RESULTS/$k/elsewhere.keys
	: >"$e"
	if [ "$k" = kcsan ] && [ -s "$RESULTS/$k/new.keys" ]; then
		"$S/kcsan-elsewhere.sh" "$SERIES_SRC" "$(base_commit)" "$RESULTS/$k/new.keys" >"$e.all" ||
			job_failed "telling the series' KCSAN reports from the others"
		sort "$e.all" >"$e"
		comm -23 "$RESULTS/$k/new.keys" "$e" >"$RESULTS/$k/new.all"
		mv "$RESULTS/$k/new.all" "$RESULTS/$k/new.keys"
	fi
	# Timing again: a report still on the series alone is looked for in
	# more boots of the base before it counts as new.  One that shows
	# there is pre-existing.
	i=0
	while [ -s "$RESULTS/$k/new.keys" ] && [ "$i" -lt "$SANITIZE_RECHECK" ]; do
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
		"$S/sanitize-reports.sh" "$r/console.log" >"$r/reports" || : >"$r/reports"
		cut -f1-3 "$r/reports" | sort -u | comm -12 - "$RESULTS/$k/new.keys" >"$r/found.keys"
		cat "$b" "$r/reports" >"$b.all"
		mv "$b.all" "$b"
		cut -f1-3 "$b" | sort -u >"$b.keys"
		comm -13 "$b.keys" "$s.keys" | comm -23 - "$e" >"$RESULTS/$k/new.keys"
	done
	comm -23 "$e" "$b.keys" >"$e.all"
	mv "$e.all" "$e"
	echo
	echo "== $what: kernel reports, base vs series (config/sanitize-$k.config)"
	comm -12 "$b.keys" "$s.keys" >"$RESULTS/$k/both.keys"
	comm -23 "$b.keys" "$s.keys" >"$RESULTS/$k/gone.keys"
	printf '  base: %s distinct report(s) in %d boot(s); series: %s\n' "$(wc -l <"$b.keys")" "$((i + 1))" "$(wc -l <"$s.keys")"
	if [ ! -s "$RESULTS/$k/base/console.log" ] || [ ! -s "$RESULTS/$k/series/console.log" ]; then
		echo "  FAIL  $k: a kernel left no console log; nothing to compare"
		fail=$((fail + 1))
	elif [ -s "$RESULTS/$k/new.keys" ]; then
		printf '  FAIL  %s: %s report(s) new with the series:\n' "$k" "$(wc -l <"$RESULTS/$k/new.keys")"
		reports "$RESULTS/$k/new.keys" "$s"
		fail=$((fail + 1))
	else
		echo "  ok    $k: no report new with the series"
		pass=$((pass + 1))
	fi
	if [ -s "$e" ]; then
		echo "        on the series alone, in code that the series does not change (KCSAN; not counted):"
		reports "$e" "$s"
	fi
	if [ -s "$RESULTS/$k/both.keys" ]; then
		echo "        pre-existing (base and series):"
		reports "$RESULTS/$k/both.keys" "$s"
	fi
	j=0
	while [ "$j" -lt "$i" ]; do
		j=$((j + 1))
		[ -s "$RESULTS/$k/recheck-$j/base/found.keys" ] || continue
		echo "        of which the base showed only in its boot $((j + 1)):"
		reports "$RESULTS/$k/recheck-$j/base/found.keys" "$s"
	done
	if [ -s "$RESULTS/$k/gone.keys" ]; then
		echo "        only on the base:"
		reports "$RESULTS/$k/gone.keys" "$b"
	fi
	echo
done
stage_report
echo "Results: $RESULTS"
echo "$pass $fail" >"$RESULTS/totals"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
