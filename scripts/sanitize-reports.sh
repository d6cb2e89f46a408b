#!/bin/sh
# sanitize-reports.sh LOG: the distinct kernel reports of a guest console
# log (as scan-log.sh finds them), one line each, sorted:
#   CLASS<TAB>TITLE<TAB>FRAMES<TAB>COUNT
# TITLE is the report's header without what changes from run to run or
# from base to series (code offsets, addresses, CPU and PID numbers,
# source line numbers); FRAMES the first three functions of its own call
# trace (after "Call Trace:", or KCSAN's first access) below the reporting
# code (dump_stack, kasan_report, kcsan_*, ubsan_* and
# the like); COUNT how many times the log has it.  Two reports with the
# same CLASS, TITLE and FRAMES are the same report.
# Exit status: 0, also with reports; 2 when the log cannot be read.
set -eu

[ $# -eq 1 ] || { echo "usage: sanitize-reports.sh LOG" >&2; exit 2; }
[ -r "$1" ] || { echo "sanitize-reports.sh: cannot read $1" >&2; exit 2; }

rc=0
reports=$("$(dirname "$0")/scan-log.sh" -c "$1") || rc=$?
[ "$rc" -le 1 ] || exit 2
[ -n "$reports" ] || exit 0
printf '%s\n' "$reports" | awk '
function norm(s) {
	gsub(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, "", s)
	gsub(/0x[0-9a-f]+/, "0x?", s)
	gsub(/CPU: [0-9]+/, "CPU: ?", s)
	gsub(/PID: [0-9]+/, "PID: ?", s)
	gsub(/\.c:[0-9]+(:[0-9]+)?/, ".c:?", s)
	gsub(/\.h:[0-9]+(:[0-9]+)?/, ".h:?", s)
	return s
}
function flush() {
	if (key != "")
		count[key "\t" frames]++
	key = ""
}
# A report header, from scan-log.sh: "CLASS LINE: header".
/^[a-z-]+ [0-9]+: / {
	flush()
	class = $1
	title = $0
	sub(/^[a-z-]+ [0-9]+: /, "", title)
	key = class "\t" norm(title)
	frames = ""
	nframes = 0
	intrace = 0
	next
}
# Its context: the call trace frames, "func+0x12/0x34", maybe "? " first
# (a stale word on the stack: skipped), maybe " [module]" after.
{
	line = $0
	sub(/^    \| /, "", line)
	sub(/^\[ *[0-9]+\.[0-9]+\] (\[ *[CT][0-9]+\] )?/, "", line)
	# The frames of the report own stack: after its "Call Trace:"
	# (KASAN, UBSAN, WARN) or its first access (KCSAN), up to the end of
	# that stack; not the allocation and free stacks after it, nor
	# what another CPU printed in between.
	if (line ~ /Call Trace:/ || line ~ /(^|, with )(read|write).* by (task|interrupt) .* on cpu/) {
		if (nframes == 0) intrace = 1
		next
	}
	if (line ~ /<\/TASK>|<\/IRQ>|^ *$|^(Allocated|Freed) by/) {
		if (nframes > 0) intrace = 0
		next
	}
	if (!intrace || nframes >= 3 || line !~ /^ *[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/)
		next
	sub(/^ */, "", line)
	sub(/\+.*/, "", line)
	if (line ~ /^(dump_stack|dump_stack_lvl|show_stack|print_report|print_address_description|kasan_|__kasan_|__asan_|kcsan_|__kcsan_|__tsan_|ubsan_|__ubsan_|lockdep_|__lockdep_|print_|check_|validate_chain|__lock_acquire|lock_acquire|warn_|__warn|report_bug|handle_bug|exc_invalid_op|asm_exc_)/)
		next
	frames = frames (nframes ? " < " : "") line
	nframes++
}
END {
	flush()
	for (k in count)
		printf "%s\t%d\n", k, count[k]
}
' | sort
