#!/bin/sh
# reverdict.sh DIR: print again the report of a past run from its results
# directory, without booting anything: the verdict of every kernel that
# was booted there (base, series, patch-N; the per-base directories of a
# make check), from the files the boots left (tests, title, tap.txt,
# console.log, config).  Ends with "N passed, N failed".
. "$(dirname "$0")/common.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then
	die "usage: make verdict DIR=<a results directory>"
fi
[ -d "$1" ] || die "DIR=$1: no such results directory"
dir=$(cd "$1" && pwd -P)
# A make check's own directory names the base directories it ran.
set -- "$dir"
stamp=${dir##*/}
case $stamp in
check-*) ;;
*) for b in $BASES; do
	[ ! -d "$CACHE/$b/results/check-$stamp" ] || set -- "$@" "$CACHE/$b/results/check-$stamp"
done ;;
esac

pass=0 fail=0 n=0
for d in "$@"; do
	for out in "$d"/*/; do
		out=${out%/}
		[ -f "$out/tests" ] || continue
		n=$((n + 1))
		title=$(cat "$out/title" 2>/dev/null || basename "$out")
		TESTS=$(cat "$out/tests") RESULTS=$out "$TOP/scripts/verdict.sh" "$out" "$title" || true
		read -r p f <"$out/counts"
		pass=$((pass + p)) fail=$((fail + f))
		echo
	done
done
[ "$n" -gt 0 ] || die "$dir holds no boot's results (no */tests)"
echo "Results: $dir"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
