#!/bin/sh
# sanitize-compare.sh [-q] DIR SRC BASE: make sanitize's comparison of
# one sanitizer kernel's boots, on their saved console logs.  DIR (the
# run's RESULTS/kasan or RESULTS/kcsan) holds base/ and series/ and the
# base's re-check boots recheck-N/base/, each with its console.log.  Their
# reports (sanitize-reports.sh) are compared by class, title and frames:
# a report of the series that no boot of the base has is new, except a
# KCSAN race in code that the series does not change (kcsan-elsewhere.sh
# on the series tree SRC, BASE..HEAD), listed apart; reports of both are
# pre-existing, those of the base alone listed as such.  Leaves the
# reports and key lists in DIR (new.keys: the new reports) and prints
# the comparison, unless -q.
# Exit status: 0 when no report is new, 1 when one is, 2 when a console
# log is missing or cannot be read.
set -eu

S=$(dirname "$0")
quiet=no
[ "${1:-}" != -q ] || { quiet=yes; shift; }
[ $# -eq 3 ] || { echo "usage: sanitize-compare.sh [-q] DIR SRC BASE" >&2; exit 2; }
dir=$1 src=$2 base=$3
k=$(basename "$dir")

say() {
	[ "$quiet" = yes ] || printf '%s\n' "$*"
}

# reports KEYS FILE: the reports of FILE whose class, title and frames
# are a line of KEYS, readable.
reports() {
	[ "$quiet" = yes ] && return
	awk -F '\t' 'NR == FNR { k[$0]; next }
		($1 FS $2 FS $3) in k {
			printf "        %s x%s: %s\n", $1, $4, $2
			if ($3 != "") printf "          at %s\n", $3
		}' "$1" "$2"
}

# The boots: the base's first, its re-checks in order, the series.
boots="base"
j=1
while [ -d "$dir/recheck-$j/base" ]; do
	boots="$boots recheck-$j/base"
	j=$((j + 1))
done
for b in $boots series; do
	if [ ! -s "$dir/$b/console.log" ]; then
		say "  FAIL  $k: no console log in $dir/$b; nothing to compare"
		exit 2
	fi
	"$S/sanitize-reports.sh" "$dir/$b/console.log" >"$dir/$b/reports" || exit 2
	cut -f1-3 "$dir/$b/reports" | sort -u >"$dir/$b/reports.keys"
done

# The base's boots together: each report once, its counts summed.
for b in $boots; do
	cat "$dir/$b/reports"
done | awk -F '\t' '{ n[$1 FS $2 FS $3] += $4 } END { for (r in n) print r "\t" n[r] }' |
	sort >"$dir/base.reports"
cut -f1-3 "$dir/base.reports" >"$dir/base.keys"
s=$dir/series/reports
cp "$dir/series/reports.keys" "$dir/series.keys"

comm -13 "$dir/base.keys" "$dir/series.keys" >"$dir/new.keys"
comm -12 "$dir/base.keys" "$dir/series.keys" >"$dir/both.keys"
comm -23 "$dir/base.keys" "$dir/series.keys" >"$dir/gone.keys"
# KCSAN samples accesses, and which races a boot meets depends on
# timing: a race on the series alone in code that the series does not
# change is upstream's, listed apart.  One in the series' code is new.
: >"$dir/elsewhere.keys"
if [ "$k" = kcsan ] && [ -s "$dir/new.keys" ]; then
	"$S/kcsan-elsewhere.sh" "$src" "$base" "$dir/new.keys" >"$dir/elsewhere.tmp" || exit 2
	sort "$dir/elsewhere.tmp" >"$dir/elsewhere.keys"
	comm -23 "$dir/new.keys" "$dir/elsewhere.keys" >"$dir/new.tmp"
	mv "$dir/new.tmp" "$dir/new.keys"
fi

nboots=$(echo "$boots" | wc -w)
say "  base: $(wc -l <"$dir/base.keys") distinct report(s) in $nboots boot(s); series: $(wc -l <"$dir/series.keys")"
rc=0
if [ -s "$dir/new.keys" ]; then
	say "  FAIL  $k: $(wc -l <"$dir/new.keys") report(s) new with the series:"
	reports "$dir/new.keys" "$s"
	rc=1
else
	say "  ok    $k: no report new with the series"
fi
if [ -s "$dir/elsewhere.keys" ]; then
	say "        on the series alone, in code that the series does not change (KCSAN; not counted):"
	reports "$dir/elsewhere.keys" "$s"
fi
if [ -s "$dir/both.keys" ]; then
	say "        pre-existing (base and series):"
	reports "$dir/both.keys" "$s"
	# Those that only a re-check boot of the base showed.
	cp "$dir/base/reports.keys" "$dir/seen.keys"
	j=1
	for b in $boots; do
		[ "$b" != base ] || continue
		j=$((j + 1))
		comm -23 "$dir/$b/reports.keys" "$dir/seen.keys" | comm -12 - "$dir/both.keys" >"$dir/$b/found.keys"
		sort -u "$dir/seen.keys" "$dir/$b/reports.keys" -o "$dir/seen.keys"
		[ -s "$dir/$b/found.keys" ] || continue
		say "        of which the base showed only in its boot $j:"
		reports "$dir/$b/found.keys" "$s"
	done
fi
if [ -s "$dir/gone.keys" ]; then
	say "        only on the base:"
	reports "$dir/gone.keys" "$dir/base.reports"
fi
exit "$rc"
