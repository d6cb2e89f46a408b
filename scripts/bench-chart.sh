#!/bin/sh
# bench-chart.sh DIR: the chart of "make bench", DIR/chart.svg, from
# DIR/bench.tsv (bench-table.sh): per case, base and series as points,
# each the mean of its rounds over the base's mean (so that cases of
# different rates share one axis: the base is at 1), with the rounds'
# min-max as whiskers.  CHART_TITLE names the run.  Drawn by gnuplot.
set -eu

[ $# -eq 1 ] || { echo "usage: bench-chart.sh DIR" >&2; exit 2; }
dir=$1
tsv=$dir/bench.tsv
[ -r "$tsv" ] || { echo "bench-chart.sh: no $tsv (bench-table.sh makes it)" >&2; exit 2; }
dat=$dir/chart.dat

# case, then for base and series: mean, min, max, each over the base's
# mean.  Only cases with figures on both sides.
awk -F '\t' '
NR == 1 { next }
{
	c = $3 " v" $4 " t" $5
	if (!(c in seen)) { seen[c]; order[++nc] = c }
	k = $1
	n[c, k]++; sum[c, k] += $6
	if (!((c, k) in mn) || $6 < mn[c, k]) mn[c, k] = $6
	if (!((c, k) in mx) || $6 > mx[c, k]) mx[c, k] = $6
}
END {
	for (j = 1; j <= nc; j++) {
		c = order[j]
		if (!n[c, "base"] || !n[c, "series"] || !sum[c, "base"]) continue
		b = sum[c, "base"] / n[c, "base"]
		printf "\"%s\"", c
		split("base series", ks, " ")
		for (i = 1; i <= 2; i++) {
			k = ks[i]
			printf " %.4f %.4f %.4f", sum[c, k] / n[c, k] / b, mn[c, k] / b, mx[c, k] / b
		}
		printf "\n"
	}
}' "$tsv" >"$dat"
[ -s "$dat" ] || { echo "bench-chart.sh: no case with figures on both sides in $tsv" >&2; exit 1; }

n=$(wc -l <"$dat")
title=${CHART_TITLE:-make bench}
gnuplot <<EOF
set terminal svg size $((320 + n * 24)),560 dynamic font "sans,11"
set output "$dir/chart.svg"
set title "$title\\ninterrupts per second over the base's mean: mean of the rounds (point) and their min-max (whiskers)"
set ylabel "rate / base's mean rate"
set grid ytics
set xrange [0.3:$n + 0.7]
set xtics rotate by -60 font ",9" nomirror
set rmargin 8
set key outside top center horizontal
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 lc "black"
plot "$dat" using (\$0 + 0.85):2:3:4:xtic(1) with yerrorbars pt 7 ps 0.6 lc rgb "#7f7f7f" title "base", \
	"" using (\$0 + 1.15):5:6:7 with yerrorbars pt 7 ps 0.6 lc rgb "#1f77b4" title "series"
EOF
rm -f "$dat"
