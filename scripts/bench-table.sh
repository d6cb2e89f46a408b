#!/bin/sh
# bench-table.sh DIR: the table of "make bench" from the runs in DIR, one
# directory per boot named KERNEL-ROUND (base-1, series-1, base-2, ...),
# each with the tap.txt of bench-guest.sh.  Per case: interrupts handled
# per second on base and series (mean over the rounds, min-max), the ratio
# series/base, and whether the series is faster, slower or the same within
# the spread; then, per path, the irqchip lock acquisitions and
# contentions per 1000 interrupts (lock_stat).  Also writes DIR/bench.tsv,
# one line per case and boot.
set -eu

[ $# -eq 1 ] || { echo "usage: bench-table.sh DIR" >&2; exit 2; }
dir=$1
tsv=$dir/bench.tsv

# kernel round path vcpus lines per-sec, then per 1000 interrupts:
# acquisitions and contentions of the IOAPIC, PIC and kvm->irq_lock.
printf 'kernel\tround\tpath\tvcpus\tlines\tper_sec\tioapic_acq\tioapic_con\tpic_acq\tpic_con\tirq_lock_acq\tirq_lock_con\n' >"$tsv"
for d in "$dir"/*-[0-9]*; do
	[ -f "$d/tap.txt" ] || continue
	run=$(basename "$d")
	awk -v kernel="${run%-*}" -v round="${run##*-}" '
	function flush() {
		if (name != "" && rate != "")
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", kernel, round,
			       path, v, t, rate, acq["&ioapic->lock"], con["&ioapic->lock"],
			       acq["&s->lock"], con["&s->lock"], acq["&kvm->irq_lock"],
			       con["&kvm->irq_lock"]
		name = ""; rate = ""; split("", acq); split("", con)
	}
	$1 == "#" && $2 == "selftests:" && $4 ~ /^bench:/ {
		flush()
		name = $4; split(name, f, ":"); path = f[2]; v = substr(f[3], 2); t = substr(f[4], 2)
		for (l in dflt) { acq[l] = "-"; con[l] = "-" }
		next
	}
	/^(not )?ok [0-9]+ selftests: kvm: bench:/ {
		# Only a case that passed has figures.
		if ($1 == "not") rate = ""
		flush()
		next
	}
	name != "" && $3 == "bench" && $5 == "irq-vcpus" { rate = $NF }
	name != "" && $3 == "bench" && $5 == "lock" {
		# ... lock NAME acquisitions A contentions C per-1000 a c
		acq[$6] = $(NF - 1); con[$6] = $NF
	}
	BEGIN { dflt["&ioapic->lock"]; dflt["&s->lock"]; dflt["&kvm->irq_lock"] }
	' "$d/tap.txt" >>"$tsv"
done

awk -F '\t' '
NR == 1 { next }
{
	c = $3 SUBSEP $4 SUBSEP $5
	if (!(c in seen)) { seen[c]; order[++nc] = c }
	k = $1
	n[c, k]++; sum[c, k] += $6
	if (!((c, k) in mn) || $6 < mn[c, k]) mn[c, k] = $6
	if (!((c, k) in mx) || $6 > mx[c, k]) mx[c, k] = $6
	for (i = 7; i <= 12; i++) if ($i != "-") { ls[c, k, i] += $i; ln[c, k, i]++ }
}
function fig(c, k) {
	if (!n[c, k]) return sprintf("%21s", "no result")
	return sprintf("%7.0f (%5.0f-%5.0f)", sum[c, k] / n[c, k], mn[c, k], mx[c, k])
}
function lk(c, k, i) {
	return ln[c, k, i] ? sprintf("%.1f", ls[c, k, i] / ln[c, k, i]) : "-"
}
END {
	print "Interrupts handled per second: mean over the rounds (min-max)"
	printf "%-22s %5s %5s  %-21s  %-21s  %6s  %s\n", "path", "vcpus", "lines",
	       "base", "series", "ratio", "series vs base"
	for (j = 1; j <= nc; j++) {
		c = order[j]; split(c, f, SUBSEP)
		ratio = "-"; verdict = "no result"
		if (n[c, "base"] && n[c, "series"]) {
			b = sum[c, "base"] / n[c, "base"]; s = sum[c, "series"] / n[c, "series"]
			ratio = b ? sprintf("%.2f", s / b) : "-"
			if (mn[c, "series"] > mx[c, "base"]) verdict = "faster"
			else if (mx[c, "series"] < mn[c, "base"]) verdict = "slower"
			else verdict = "same within spread"
			tally[f[1], verdict]++
		}
		printf "%-22s %5s %5s  %s  %s  %6s  %s\n", f[1], f[2], f[3], fig(c, "base"),
		       fig(c, "series"), ratio, verdict
		if (!(f[1] in pseen)) { pseen[f[1]]; porder[++np] = f[1] }
	}
	print ""
	print "Per path, over its cases: faster / same within spread / slower"
	for (j = 1; j <= np; j++)
		printf "  %-22s %d / %d / %d\n", porder[j], tally[porder[j], "faster"],
		       tally[porder[j], "same within spread"], tally[porder[j], "slower"]
	print ""
	print "Lock traffic per 1000 interrupts (lock_stat, mean over the rounds):"
	print "acquisitions, and contentions in brackets; base -> series"
	printf "%-22s %5s %5s  %-26s  %-26s  %s\n", "path", "vcpus", "lines",
	       "IOAPIC lock", "PIC lock", "kvm->irq_lock"
	for (j = 1; j <= nc; j++) {
		c = order[j]; split(c, f, SUBSEP)
		printf "%-22s %5s %5s", f[1], f[2], f[3]
		for (i = 7; i <= 11; i += 2)
			printf "  %-26s", lk(c, "base", i) " (" lk(c, "base", i + 1) ") -> " \
			       lk(c, "series", i) " (" lk(c, "series", i + 1) ")"
		printf "\n"
	}
}
' "$tsv"
