#!/bin/sh
# bench-table.sh DIR: the table of "make bench" from the runs in DIR, one
# directory per boot named KERNEL-ROUND (base-1, series-1, base-2, ...),
# each with the tap.txt of bench-guest.sh; the boots that counted the
# locks in DIR/locks, named the same way.  Per case: interrupts handled
# per second on base and series (mean over the rounds, min-max), the ratio
# series/base, and whether the series is faster, slower or the same within
# the spread; then, per path, the irqchip lock acquisitions and
# contentions per 1000 interrupts (lock_stat, from the "locks:" cases),
# with the rate of those runs.
# Also writes DIR/bench.tsv, one line per "bench:" case and boot, and
# DIR/locks.tsv, one per "locks:" case and boot.
set -eu

# A path's verdict needs its mean ratio this far from 1: two runs in a row
# differed by up to 0.66% per case, and a handshake case moves by as much
# when the path it measures changes by a hundred instructions (the README
# says how), so within 1% a ratio says nothing about the series' code.
margin=0.01

[ $# -eq 1 ] || { echo "usage: bench-table.sh DIR" >&2; exit 2; }
dir=$1
tsv=$dir/bench.tsv
ltsv=$dir/locks.tsv

# kernel round path vcpus lines per-sec, from the "bench:" cases; and
# from the "locks:" cases, kernel round path vcpus lines run (short or
# long), interrupts handled, then the acquisitions and contentions of the
# IOAPIC lock, the PIC lock and kvm->irq_lock in that run, and its rate.
printf 'kernel\tround\tpath\tvcpus\tlines\tper_sec\n' >"$tsv"
printf 'kernel\tround\tpath\tvcpus\tlines\trun\thandled\tioapic_acq\tioapic_con\tpic_acq\tpic_con\tirq_lock_acq\tirq_lock_con\tper_sec\n' >"$ltsv"
for d in "$dir"/*-[0-9]* "$dir"/locks/*-[0-9]*; do
	[ -f "$d/tap.txt" ] || continue
	run=$(basename "$d")
	awk -v kernel="${run%-*}" -v round="${run##*-}" -v tsv="$tsv" -v ltsv="$ltsv" '
	function flush() {
		if (name != "" && rate != "" && kind == "bench")
			printf "%s\t%s\t%s\t%s\t%s\t%s\n", kernel, round, path, v, t, rate >>tsv
		if (name != "" && rate != "" && kind == "locks" && nlocks == 3)
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", kernel, round,
			       path, v, t, len, handled, acq["&ioapic->lock"], con["&ioapic->lock"],
			       acq["&s->lock"], con["&s->lock"], acq["&kvm->irq_lock"],
			       con["&kvm->irq_lock"], rate >>ltsv
		name = ""; rate = ""; nlocks = 0
	}
	$1 == "#" && $2 == "selftests:" && $4 ~ /^(bench|locks):/ {
		flush()
		name = $4; split(name, f, ":"); kind = f[1]; path = f[2]
		v = substr(f[3], 2); t = substr(f[4], 2); len = f[5]
		next
	}
	/^(not )?ok [0-9]+ selftests: kvm: (bench|locks):/ {
		# Only a case that passed has figures.
		if ($1 == "not" || / # SKIP/) rate = ""
		flush()
		next
	}
	# "# # bench PATH: irq-vcpus V lines T secs S handled H per-sec R"
	name != "" && $3 == "bench" && $5 == "irq-vcpus" { rate = $NF; handled = $(NF - 2) }
	name != "" && $2 == "lock_stat" { acq[$3] = $5; con[$3] = $7; nlocks++ }
	' "$d/tap.txt"
done

awk -F '\t' -v margin="$margin" '
NR == 1 { next }
{
	c = $3 SUBSEP $4 SUBSEP $5
	if (!(c in seen)) { seen[c]; order[++nc] = c }
	k = $1
	n[c, k]++; sum[c, k] += $6
	if (!((c, k) in mn) || $6 < mn[c, k]) mn[c, k] = $6
	if (!((c, k) in mx) || $6 > mx[c, k]) mx[c, k] = $6
}
function fig(c, k) {
	if (!n[c, k]) return sprintf("%21s", "no result")
	return sprintf("%7.0f (%5.0f-%5.0f)", sum[c, k] / n[c, k], mn[c, k], mx[c, k])
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
			ratio = b ? sprintf("%.3f", s / b) : "-"
			if (b) { lr[f[1]] += log(s / b); nr[f[1]]++ }
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
	print "Per path: the geometric mean of its ratios; its cases faster / same within"
	print "spread / slower; the verdict: faster or slower when the mean is more than"
	printf "%.0f%% from 1 (the spread between two runs), the same otherwise\n", margin * 100
	for (j = 1; j <= np; j++) {
		p = porder[j]; fa = tally[p, "faster"]; sa = tally[p, "same within spread"]
		sl = tally[p, "slower"]
		v = "no result"
		if (nr[p]) {
			g = exp(lr[p] / nr[p])
			v = g > 1 + margin ? "faster" : g < 1 - margin ? "slower" : sprintf("same within %.0f%%", margin * 100)
		}
		printf "  %-22s %6s  %d / %d / %d  %s\n", p, nr[p] ? sprintf("%.3f", g) : "-",
		       fa, sa, sl, v
	}
}
' "$tsv"

# Per case and boot, the long run's acquisitions less the short run's,
# over the interrupts the long run handled more: what the handshakes took,
# without what creating and destroying the VM took; contentions, which
# come and go with load rather than with time, are the long run's over its
# interrupts.  Then the mean over the rounds.
echo
awk -F '\t' '
NR == 1 { next }
{
	b = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4 SUBSEP $5
	if (!(b in boots)) { boots[b]; border[++nb] = b }
	for (i = 7; i <= 14; i++) val[b, $6, i] = $i
	got[b, $6] = 1
}
function lk(c, k, i) {
	return ln[c, k, i] ? sprintf("%.1f", ls[c, k, i] / ln[c, k, i]) : "-"
}
# The physical limit of PATH on the lock of CHIP (ioapic, pic; kvm->irq_lock:
# none), per interrupt: one acquisition per kvm_set_irq() the path makes
# (an edge pulse raises and lowers, so does a VMM on a level line; a
# resampler only raises, its lowering belongs to the EOI, which holds
# the lock already), one per INTA of the PIC, one per EOI that reaches
# the chip (every PIC EOI; the IOAPIC sees those of level pins).  KVM
# routes GSIs below 16, the PIC paths, to the IOAPIC too: each of their
# kvm_set_irq() calls takes its lock, a resampler lowering included.
function limit(p, chip,   calls) {
	calls = p ~ /-resample$/ ? 1 : 2
	if (p ~ /^ioapic-/)
		return chip == "ioapic" ? calls + (p ~ /-level-/ ? 1 : 0) : 0
	if (chip == "ioapic")
		return 2
	return calls + 2
}
END {
	for (j = 1; j <= nb; j++) {
		b = border[j]; split(b, f, SUBSEP)
		if (!got[b, "short"] || !got[b, "long"]) continue
		dh = val[b, "long", 7] - val[b, "short", 7]
		if (dh <= 0) continue
		c = f[3] SUBSEP f[4] SUBSEP f[5]; k = f[1]
		if (!(c in seen)) { seen[c]; order[++nc] = c }
		for (i = 8; i <= 13; i += 2) {
			ls[c, k, i] += (val[b, "long", i] - val[b, "short", i]) * 1000 / dh
			ln[c, k, i]++
			# Contentions do not grow with the length of a run as
			# acquisitions do: those of the long run, per interrupt.
			ls[c, k, i + 1] += val[b, "long", i + 1] * 1000 / val[b, "long", 7]
			ln[c, k, i + 1]++
		}
		rs[c, k] += val[b, "long", 14]; rn[c, k]++
	}
	print "Lock traffic per 1000 interrupts (lock_stat; mean over the boots):"
	print "acquisitions (a longer run less a 1 s one), and in brackets contentions"
	print "(the longer run); base -> series / the physical limit (one per"
	print "kvm_set_irq() call of the path, per INTA, per EOI that reaches the chip);"
	print "then the interrupts per second of the longer run, base -> series"
	printf "%-22s %5s %5s  %-33s  %-33s  %-18s  %s\n", "path", "vcpus", "lines",
	       "IOAPIC lock", "PIC lock", "kvm->irq_lock", "per second"
	for (j = 1; j <= nc; j++) {
		c = order[j]; split(c, f, SUBSEP)
		printf "%-22s %5s %5s", f[1], f[2], f[3]
		for (i = 8; i <= 12; i += 2) {
			lim = i == 8 ? limit(f[1], "ioapic") : i == 10 ? limit(f[1], "pic") : 0
			printf "  %" (i < 12 ? "-33" : "-18") "s", lk(c, "base", i) " (" lk(c, "base", i + 1) \
			       ") -> " lk(c, "series", i) " (" lk(c, "series", i + 1) ") / " lim * 1000
		}
		printf "  %s -> %s\n", rn[c, "base"] ? sprintf("%.0f", rs[c, "base"] / rn[c, "base"]) : "-",
		       rn[c, "series"] ? sprintf("%.0f", rs[c, "series"] / rn[c, "series"]) : "-"
	}
}
' "$ltsv"

# No handshake may take kvm->irq_lock: not the injections, not the EOIs.
echo
awk -F '\t' '
NR == 1 { next }
{
	b = $1 " round " $2 ", " $3 " v" $4 " t" $5
	if (!(b in boots)) { boots[b]; border[++nb] = b }
	irq[b, $6] = $12
}
END {
	bad = 0
	for (j = 1; j <= nb; j++) {
		b = border[j]
		if (!((b, "short") in irq) || !((b, "long") in irq)) continue
		d = irq[b, "long"] - irq[b, "short"]
		if (d != 0) { printf "kvm->irq_lock taken by the handshakes: %s: %d time(s) more in the long run\n", b, d; bad++ }
	}
	if (!bad) print "kvm->irq_lock taken by the handshakes: never"
	exit bad != 0
}
' "$ltsv"
