#!/bin/sh
# The tests ("make check"), in order, stopping at the first failure: the
# packages, the harness's own tests, git am of patches/ on the pristine
# base, checkpatch, htmldocs, a bisect build with sparse of every patch, and
# the full run on the base and on the series kernel.
. "$(dirname "$0")/common.sh"

S=$TOP/scripts
mkdir -p "$RESULTS"
: >"$RESULTS/stages"
say "results of this check: $RESULTS"
passed=0

# check_stage NAME CMD...: a stage that counts as one test.
check_stage() {
	if stage "$@"; then
		passed=$((passed + 1))
	else
		stage_report
		echo "Results: $RESULTS"
		cat "$RESULTS/failure" 2>/dev/null || echo "FAILED: $1"
		echo "$passed passed, 1 failed"
		exit 1
	fi
}

check_stage "packages" "$S/deps.sh"
check_stage "harness tests" "$TOP/tests/run.sh"
check_stage "base tree" "$S/base.sh"
check_stage "git am patches/ on the pristine base" env REAPPLY=1 "$S/apply.sh"
check_stage "checkpatch --strict" "$S/checkpatch.sh"
check_stage "htmldocs (SPHINXDIRS=virt), no new warning" "$S/docs.sh"
check_stage "bisect build + sparse" "$S/bisect.sh"

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
if [ "$f" -eq 0 ]; then
	TESTS=$(default_tests | tr ' ' '\n' | grep -x irqchip_lock_test || default_tests)
	export TESTS
	for k in "$RESULTS"/bisect/bzImage-*; do
		[ -e "$k" ] || continue
		n=${k##*-}
		out=$RESULTS/patch-$n
		stage "boot patch $n kernel, run tests" "$S/boot.sh" "$k" \
			"$SERIES_BUILD/kselftest-install" "$out" || true
		"$S/verdict.sh" "$out" "patch $n: $(cat "$RESULTS/bisect/subject-$n")" || true
		read -r kp kf <"$out/counts"
		p=$((p + kp)) f=$((f + kf))
	done
	stage_report | tail -n +2 | grep 'boot patch' || true
fi

echo "make check: $passed check stage(s) passed, then the runs: $p passed, $f failed"
echo "$((passed + p)) passed, $f failed"
[ "$f" -eq 0 ]
