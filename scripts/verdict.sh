#!/bin/sh
# verdict.sh OUTDIR TITLE: read what boot.sh left in OUTDIR (tap.txt,
# console.log) and print the report of that run: one line per requested
# test (TESTS), then the kernel log scan.  Any failed, skipped or missing
# test and any kernel report fails the run; with LOG_VERDICT=compare
# (make sanitize) the kernel log is left to the caller.  Writes "PASSED FAILED" to
# OUTDIR/counts; exit status 1 when anything failed.
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: verdict.sh OUTDIR TITLE"
out=$1 title=$2
tap=$out/tap.txt
[ -f "$tap" ] || : >"$tap"
pass=0 fail=0
: >"$out/results"

echo "== $title"
printf '%s\n' "$title" >"$out/title"
if [ -f "$out/boot-failure" ]; then
	printf '  FAIL  boot: %s; the console ended with:\n' "$(cat "$out/boot-failure")"
	sed 's/^/      /' "$out/boot-tail"
	printf 'boot\tFAIL (%s)\n' "$(cat "$out/boot-failure")" >>"$out/results"
	fail=$((fail + 1))
fi
# result NAME FILE: why the test NAME failed in the TAP file FILE, empty
# when it passed.
result() {
	_res=$(grep -E "^(not )?ok [0-9]+ selftests: kvm: $1( |\$)" "$2" 2>/dev/null | tail -n 1)
	case "$_res" in
	"ok "*" # SKIP"*) echo "skipped:${_res#*# SKIP}" ;;
	"ok "*) ;;
	"not ok "*" # "*) echo "${_res##*# }" ;;
	"not ok "*) echo "failed" ;;
	*) echo "no result (the guest did not run it to the end)" ;;
	esac
}

# output NAME FILE: the test's own output in FILE, so that a flake can be
# told from a bug.
output() {
	awk -v hdr="# selftests: kvm: $1" '
		$0 == hdr { on = 1; n = 0; next }
		on && /^(not )?ok [0-9]+ / { on = 0 }
		on { buf[++n] = $0 }
		END { s = n > 40 ? n - 40 : 0; for (i = s + 1; i <= n; i++) print "        | " buf[i] }
	' "$2"
}

# unfixed BUGS: the lines of BUGS ("...:FIX" or "...|FIX", FIX the
# subject of the patch that fixes the bug) whose fix the booted kernel
# lacks: all on the base, those fixed by a later patch on the kernel of a
# patch of the series (patch-N, next to bisect/subject-*), none on the
# series' head.
unfixed() {
	case ${out##*/} in
	base) printf '%s\n' "$1" ;;
	patch-[0-9]*)
		_n=${out##*/patch-}
		_have=$(for _s in "${out%/*}"/bisect/subject-*; do
			if [ -f "$_s" ] && [ "${_s##*-}" -le "$_n" ]; then cat "$_s"; fi
		done)
		printf '%s\n' "$1" | while IFS= read -r _l; do
			case $_l in *"|"*) _fix=${_l#*|} ;; *) _fix=${_l#*:}; _fix=${_fix#*:} ;; esac
			printf '%s\n' "$_have" | grep -qxF "$_fix" || printf '%s\n' "$_l"
		done
		;;
	esac
}

# known_bug NAME FILE: when the test NAME exited 1 and each sub-test it
# failed in FILE is a bug that the booted kernel has and the series fixes
# (BASE_BUGS, "TEST:SUB-TEST PREFIX:FIX"), those sub-tests and their
# fixes; otherwise nothing.
known_bug() {
	bugs=$(unfixed "$BASE_BUGS")
	[ -n "$bugs" ] || return 0
	grep -qE "^not ok [0-9]+ selftests: kvm: $1 # exit=1\$" "$2" || return 0
	BUGS=$bugs awk -v hdr="# selftests: kvm: $1" -v t="$1" '
		BEGIN {
			n = split(ENVIRON["BUGS"], line, "\n")
			for (i = 1; i <= n; i++) {
				split(line[i], f, ":")
				if (f[1] == t) {
					pre[++np] = f[2]
					fix[np] = substr(line[i], length(f[1]) + length(f[2]) + 3)
				}
			}
		}
		$0 == hdr { on = 1; next }
		on && /^(not )?ok [0-9]+ / { on = 0 }
		on && /^# not ok [0-9]+ / {
			st = $0
			sub(/^# not ok [0-9]+ /, "", st)
			for (i = 1; i <= np; i++)
				if (index(st, pre[i]) == 1) {
					hit = hit (hit ? "; " : "") st " (fixed by " fix[i] ")"
					break
				}
			if (i > np) bad = 1
		}
		END { if (hit && !bad) print hit }
	' "$2"
}

# known_log_bug HEADS: when every report header in HEADS is a bug that the
# booted kernel has and the series fixes ("REGEX|FIX" in OUTDIR/log-bugs,
# base_log_bugs' as boot.sh left them), their fixes; otherwise nothing.
known_log_bug() {
	bugs=$(unfixed "$(cat "$out/log-bugs" 2>/dev/null)")
	[ -n "$bugs" ] || return 0
	printf '%s\n' "$1" | BUGS=$bugs awk '
		BEGIN {
			n = split(ENVIRON["BUGS"], line, "\n")
			for (i = 1; i <= n; i++) {
				j = index(line[i], "|")
				re[i] = substr(line[i], 1, j - 1)
				fix[i] = substr(line[i], j + 1)
			}
		}
		{
			for (i = 1; i <= n; i++)
				if ($0 ~ re[i]) {
					if (!(i in seen)) hit = hit (hit ? "; " : "") "fixed by " fix[i]
					seen[i] = 1
					break
				}
			if (i > n) bad = 1
		}
		END { if (hit && !bad) print hit }
	'
}

# failed_subtests NAME FILE: the sub-tests that the test NAME failed in
# FILE, each with the diagnostics printed since the sub-test before it.
failed_subtests() {
	awk -v hdr="# selftests: kvm: $1" '
		$0 == hdr { on = 1; n = 0; next }
		on && /^(not )?ok [0-9]+ / { on = 0 }
		!on { next }
		/^# (not )?ok [0-9]+ / {
			if ($0 ~ /^# not ok /) {
				for (i = 1; i <= n; i++) print "        | " buf[i]
				print "        | " $0
			}
			n = 0
			next
		}
		/^# # / { buf[++n] = $0 }
	' "$2"
}

for t in $TESTS; do
	name=$(basename "$t")
	why=$(result "$name" "$tap")
	# An upstream test with a known flake ran again, up to twice, until
	# one run passed (guest-tests.sh): the last retry decides.
	again="" retries=0
	if [ -n "$why" ] && [ -f "$out/tap-retry.txt" ]; then
		retries=$(grep -cE "^(not )?ok [0-9]+ selftests: kvm: $name( |\$)" "$out/tap-retry.txt" || true)
	fi
	if [ "$retries" -gt 0 ]; then
		again=$(result "$name" "$out/tap-retry.txt")
		again=${again:-ok}
	fi
	if [ -z "$why" ]; then
		printf '  ok    %s\n' "$t"
		printf '%s\tok\n' "$t" >>"$out/results"
		pass=$((pass + 1))
		# A second-level guest's boot time and interrupt counts; make
		# soak's totals.
		case $name in
		vmm-*) grep "^# $name: " "$tap" | sed "s/^# $name: /        /" || true ;;
		soak) grep -E "^# soak: [0-9]+ (handshakes in|run\(s\) failed)" "$tap" | sed "s/^# soak: /        /" || true ;;
		esac
	elif [ "$again" = ok ]; then
		printf '  ok    %s (known flake: the first run failed (%s), retry %s of 2 passed)\n' "$t" "$why" "$retries"
		printf '%s\tok (first run: %s; retry %s passed)\n' "$t" "$why" "$retries" >>"$out/results"
		output "$name" "$tap"
		pass=$((pass + 1))
	elif known=$(known_bug "$name" "$tap") && [ -n "$known" ]; then
		printf '  XFAIL %s: a bug that the series fixes, not counted: %s\n' "$t" "$known"
		printf '%s\tXFAIL (base bug: %s)\n' "$t" "$known" >>"$out/results"
		failed_subtests "$name" "$tap"
		pass=$((pass + 1))
	else
		printf '  FAIL  %s: %s%s\n' "$t" "$why" "${again:+; its $retries retries too, the last: $again}"
		printf '%s\tFAIL (%s%s)\n' "$t" "$why" "${again:+; retry: $again}" >>"$out/results"
		output "$name" "$tap"
		if [ -n "$again" ]; then
			echo "        the retries:"
			output "$name" "$out/tap-retry.txt"
		fi
		fail=$((fail + 1))
	fi
done

# The checkers that the booted kernel had (its config, saved by boot.sh):
# the verdict claims only those.  WARNING, BUG, Oops and panic reports
# come with every kernel.
checkers() {
	[ -f "$out/config" ] || { echo "WARNING, BUG, Oops, panic (the kernel's config was not saved: its debug checkers are unknown)"; return; }
	_c="" _without=""
	for _o in PROVE_LOCKING:lockdep KASAN:KASAN KCSAN:KCSAN UBSAN:UBSAN; do
		if grep -qx "CONFIG_${_o%%:*}=y" "$out/config"; then
			_c="$_c${_o#*:}, "
		else
			_without="$_without${_without:+, }${_o#*:}"
		fi
	done
	_c="${_c}WARNING, BUG, Oops, panic"
	! grep -qx 'CONFIG_RCU_STALL_COMMON=y' "$out/config" || _c="$_c, RCU stall"
	! grep -qx 'CONFIG_SOFTLOCKUP_DETECTOR=y' "$out/config" || _c="$_c, soft lockup"
	! grep -qx 'CONFIG_DETECT_HUNG_TASK=y' "$out/config" || _c="$_c, hung task"
	echo "$_c${_without:+ (the kernel has no $_without)}"
}

reports=$("$TOP/scripts/scan-log.sh" -c "$out/console.log") && rc=0 || rc=$?
# make sanitize judges the kernel log by comparing base and series
# (sanitize.sh): here it is only described, and not counted.
if [ "${LOG_VERDICT:-}" = compare ] && [ "$rc" -le 1 ]; then
	n=$(printf '%s\n' "$reports" | grep -c '^[a-z]' || true)
	printf '  --    kernel log: %s report(s); checkers: %s; base and series compared below\n' "$n" "$(checkers)"
	printf 'kernel log\tcompared (%s report(s))\n' "$n" >>"$out/results"
	rc=compared
fi
case $rc in
compared) ;;
0)
	printf '  ok    kernel log: no report of %s\n' "$(checkers)"
	pass=$((pass + 1))
	printf 'kernel log\tok\n' >>"$out/results"
	;;
1)
	heads=$(printf '%s\n' "$reports" | grep -v '^    |')
	n=$(printf '%s\n' "$heads" | wc -l)
	if known=$(known_log_bug "$heads") && [ -n "$known" ]; then
		printf '  XFAIL kernel log: %s report(s), a bug that the series fixes, not counted: %s\n' "$n" "$known"
		printf '%s\n' "$reports" | awk '!/^    \|/ { r++ } r <= 1' | sed 's/^/        /'
		printf 'kernel log\tXFAIL (base bug: %s)\n' "$known" >>"$out/results"
		pass=$((pass + 1))
		echo "$pass $fail" >"$out/counts"
		[ "$fail" -eq 0 ]
		exit
	fi
	printf '  FAIL  kernel log: %s report(s) in %s\n' "$n" "$out/console.log"
	printf '%s\n' "$heads" | head -n 20 | sed 's/^/        /'
	[ "$n" -le 20 ] || printf '        ... and %s more\n' "$((n - 20))"
	# The first two in full.
	printf '%s\n' "$reports" | awk '!/^    \|/ { r++ } r <= 2' | sed 's/^/        /'
	printf 'kernel log\tFAIL (%s)\n' "$(printf '%s\n' "$heads" | cut -d' ' -f1 | sort | uniq -c | awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')" >>"$out/results"
	fail=$((fail + 1))
	;;
*)
	printf '  FAIL  kernel log: cannot scan %s\n' "$out/console.log"
	printf 'kernel log\tFAIL (no console log)\n' >>"$out/results"
	fail=$((fail + 1))
	;;
esac
echo "$pass $fail" >"$out/counts"
[ "$fail" -eq 0 ]
