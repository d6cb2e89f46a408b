#!/bin/sh
# bench-compare.sh RUN1 RUN2: how far apart two "make bench" runs are.
# Per case present in both, the series/base ratio of each run (the mean
# of its rounds, from RUN/bench/bench.tsv) and their difference in
# percent; then the largest difference, and the largest with one line.
set -eu

[ $# -eq 2 ] || { echo "usage: bench-compare.sh RESULTS1 RESULTS2" >&2; exit 2; }
for r in "$1" "$2"; do
	[ -r "$r/bench/bench.tsv" ] || { echo "bench-compare.sh: no $r/bench/bench.tsv (make bench writes it)" >&2; exit 2; }
done

awk -F '\t' '
FNR == 1 { run++; next }
{
	c = $3 SUBSEP $4 SUBSEP $5
	if (run == 1 && !(c in seen)) { seen[c]; order[++nc] = c }
	n[run, c, $1]++; sum[run, c, $1] += $6
}
function ratio(r, c) {
	if (!n[r, c, "base"] || !n[r, c, "series"] || !sum[r, c, "base"]) return ""
	return (sum[r, c, "series"] / n[r, c, "series"]) / (sum[r, c, "base"] / n[r, c, "base"])
}
END {
	printf "%-22s %5s %5s  %7s  %7s  %s\n", "path", "vcpus", "lines", "ratio 1", "ratio 2", "difference"
	for (j = 1; j <= nc; j++) {
		c = order[j]; split(c, f, SUBSEP)
		a = ratio(1, c); b = ratio(2, c)
		if (a == "" || b == "") {
			printf "%-22s %5s %5s  %7s  %7s  %s\n", f[1], f[2], f[3], a == "" ? "-" : sprintf("%.4f", a),
			       b == "" ? "-" : sprintf("%.4f", b), "no figure in both"
			continue
		}
		d = (b - a) / a * 100; ad = d < 0 ? -d : d
		printf "%-22s %5s %5s  %7.4f  %7.4f  %+.2f%%\n", f[1], f[2], f[3], a, b, d
		if (ad >= worst) { worst = ad; wc = f[1] " v" f[2] " t" f[3] }
		if (f[3] == 1 && ad >= worst1) { worst1 = ad; wc1 = f[1] " v" f[2] " t" f[3] }
		cmp++
	}
	if (!cmp) { print "no case with figures in both runs"; exit 1 }
	printf "Largest difference between the ratios: %.2f%% (%s)\n", worst, wc
	if (wc1 != "") printf "Largest with one line: %.2f%% (%s)\n", worst1, wc1
}
' "$1/bench/bench.tsv" "$2/bench/bench.tsv"
