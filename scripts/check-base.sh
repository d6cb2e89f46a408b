#!/bin/sh
# check-base.sh full|backport: the tests of one base (BASE), stopping at
# the first failure, for check.sh.  "full": git am of patches/BASE/ on
# the pristine base, checkpatch, htmldocs, a bisect build with sparse of
# every patch, the run on the base and on the series kernel, and every
# kernel patch booted.  "backport": git am, then the run on the base and
# on the series kernel.  When check.sh built the trees, kernels and
# selftests in the background (prebuild.sh), it waits for that build
# first.  Leaves "PASSED FAILED" in $RESULTS/totals.
. "$(dirname "$0")/common.sh"

depth=${1:-full}
case $depth in full | backport) ;; *) die "check-base.sh: full or backport, not '$depth'" ;; esac
S=$TOP/scripts
new_results
: >"$RESULTS/stages"
passed=0

# check_stage NAME CMD...: a stage that counts as one test.
check_stage() {
	if stage "$@"; then
		passed=$((passed + 1))
	else
		stage_report
		echo "Results: $RESULTS"
		cat "$RESULTS/failure" 2>/dev/null || echo "FAILED: $1"
		echo "$passed 1" >"$RESULTS/totals"
		exit 1
	fi
}

# booting: how many patch kernels boot now.
booting() {
	set -- "$RESULTS"/booting/*
	[ -e "$1" ] || set --
	echo $#
}
[ ! -f "$RESULTS/prebuild.pgid" ] ||
	check_stage "[$BASE] trees, kernels and selftests (built in the background)" \
		background_wait "$RESULTS/prebuild"
check_stage "[$BASE] base tree" "$S/base.sh"
check_stage "[$BASE] git am patches/$BASE/ on the pristine base" env REAPPLY=1 "$S/apply.sh"
if [ "$depth" = full ]; then
	# The base kernel builds in the background once the bisect stage has
	# built its first kernel, whose objects (all but a few of KVM's) are
	# the base's: ccache hits, in the CPU time that the later commits'
	# links leave idle.  Started with the bisect's first build, it
	# compiled the same files at the same time, both missing the cache.
	# The runs wait for it.
	# shellcheck disable=SC2016 # expanded by the inner sh
	background "$RESULTS/base-kernel" sh -c 'r=$1; shift
		while [ ! -e "$r/bisect.done" ]; do
			for k in "$r"/bisect/bzImage-*; do [ ! -e "$k" ] || break 2; done
			sleep 5
		done
		exec "$@"' sh "$RESULTS" "$S/build.sh" "$BASE_SRC" "$BASE_BUILD" base
	check_stage "[$BASE] checkpatch --strict" "$S/checkpatch.sh"
	check_stage "[$BASE] htmldocs (SPHINXDIRS=virt), no new warning" "$S/docs.sh"
	check_stage "[$BASE] bisect build + sparse" "$S/bisect.sh"
	: >"$RESULTS/bisect.done"
fi

# The QEMU that check.sh builds in the background, which the runs boot.
[ -z "${KT_QEMU_PGID:-}" ] || check_stage "[$BASE] QEMU (built in the background)" qemu_wait
[ "$depth" != full ] ||
	check_stage "[$BASE] base kernel (built in the background)" background_wait "$RESULTS/base-kernel"

# The full run, on the base and on the series, prints its own report and
# counts its own tests.
rc=0
"$S/run.sh" compare || rc=$?
if [ -f "$RESULTS/totals" ]; then
	read -r p f <"$RESULTS/totals"
else
	p=0 f=1
fi
[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1

# Every kernel patch between the base and the head, booted with the
# series' irqchip test: each patch must pass on its own.
if [ "$f" -eq 0 ] && [ "$depth" = full ]; then
	TESTS=$(default_tests | tr ' ' '\n' | grep -E '(^|/)irqchip_lock_test$' || default_tests)
	export TESTS
	kernels=""
	for k in "$RESULTS"/bisect/bzImage-*; do
		case $k in *.config) continue ;; esac
		[ -e "$k" ] || continue
		kernels="$kernels ${k##*-}"
	done
	# BOOT_SLOTS boots at a time, the next as soon as one ends: each
	# leaves its marker in $RESULTS/booting while it runs.
	mkdir -p "$RESULTS/booting"
	for n in $kernels; do
		while [ "$(booting)" -ge "$BOOT_SLOTS" ]; do
			sleep 2
		done
		: >"$RESULTS/booting/$n"
		{
			BOOT_LABEL="patch $n" stage "[$BASE] boot patch $n kernel, run tests" "$S/boot.sh" \
				"$RESULTS/bisect/bzImage-$n" "$SERIES_BUILD/kselftest-install" "$RESULTS/patch-$n" || true
			rm -f "$RESULTS/booting/$n"
		} &
	done
	wait
	rmdir "$RESULTS/booting"
	for n in $kernels; do
		out=$RESULTS/patch-$n
		"$S/verdict.sh" "$out" "$BASE patch $n: $(cat "$RESULTS/bisect/subject-$n")" || true
		read -r kp kf <"$out/counts"
		p=$((p + kp)) f=$((f + kf))
	done
	stage_report | tail -n +2 | grep 'boot patch' || true
fi
echo "$((passed + p)) $f" >"$RESULTS/totals"
echo "[$BASE] $passed check stage(s) passed, then the runs: $p passed, $f failed"
[ "$f" -eq 0 ]
