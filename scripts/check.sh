#!/bin/sh
# The tests ("make check"), in order, stopping at the first failure: the
# packages, the harness's own tests, then each base's tests
# (check-base.sh): the whole pipeline on Linux 7.3, the base the series
# is sent against, and git am, build and the runs of the 6.12 LTS
# backport.  With BASE= given, the whole pipeline on that base alone.
given_base=${BASE:-}
. "$(dirname "$0")/common.sh"

lock_cache "$@"

S=$TOP/scripts
if [ -n "$given_base" ]; then
	plan="$BASE:full"
else
	plan="7.3:full 6.12:backport"
	# One check spans the bases: its own results go beside theirs.
	case $RESULTS in "$CACHE/$BASE/results/"*) RESULTS=$CACHE/results/${RESULTS##*/} ;; esac
fi
stamp=check-${RESULTS##*/}
new_results
: >"$RESULTS/stages"
say "results of this check: $RESULTS"
passed=0 failed=0

# finish: the last lines, with the count of everything this check ran.
finish() {
	stage_report
	for b in $plan; do
		d=$CACHE/${b%:*}/results/$stamp
		[ ! -d "$d" ] || echo "Results (${b%:*}): $d"
	done
	echo "$((passed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

check_stage() {
	if stage "$@"; then
		passed=$((passed + 1))
	else
		cat "$RESULTS/failure" 2>/dev/null || echo "FAILED: $1"
		failed=1
		finish
	fi
}

check_stage "packages" "$S/deps.sh"
# QEMU builds beside the harness tests and the first base's stages, which
# wait for it before their runs (check-base.sh): on 2 CPUs its configure
# and links, and the base's tree, git am, checkpatch and docs, each keep
# one busy, and the other was idle.
qemu_background
# The other bases' trees, kernels and selftests build in the background
# too (prebuild.sh), each in a session and so a scheduler autogroup of
# its own: the CPUs are shared between it, QEMU's build and the first
# base's stages, and the CPU time these leave idle (extracting and
# committing a tree, git am, checkpatch, htmldocs, each bisect commit's
# link) goes to it.  Each such base waits for its build first
# (check-base.sh).
for b in ${plan#* }; do
	[ "$b" != "$plan" ] || break
	out=$CACHE/${b%:*}/results/$stamp
	mkdir -p "$out"
	background "$out/prebuild" env BASE="${b%:*}" RESULTS="$out/prebuild" "$S/prebuild.sh"
	say "${b%:*}: trees, kernels and selftests building in the background (log: $out/prebuild.log)"
done
check_stage "harness tests" "$TOP/tests/run.sh"

for b in $plan; do
	base=${b%:*} depth=${b#*:}
	out=$CACHE/$base/results/$stamp
	say "== base $base ($depth): results in $out"
	rc=0
	BASE=$base RESULTS=$out "$S/check-base.sh" "$depth" || rc=$?
	unset KT_QEMU_PGID
	if [ -f "$out/totals" ]; then
		read -r p f <"$out/totals"
	else
		p=0 f=1
	fi
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	passed=$((passed + p)) failed=$((failed + f))
	printf '  %-44s %5s  %s\n' "base $base: $p passed, $f failed" "" \
		"$([ "$f" -eq 0 ] && echo ok || echo FAILED)" >>"$RESULTS/stages"
	[ "$f" -eq 0 ] || finish
done
finish
