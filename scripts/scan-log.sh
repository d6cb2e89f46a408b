#!/bin/sh
# scan-log.sh [-c] LOG: list the kernel reports in a guest console log, one
# line each: "CLASS LINE: header".  With -c, print each report's next lines
# too.  Exit status: 0 clean, 1 reports found, 2 usage or unreadable log.
#
# A report is recognised by its header, printed by the kernel at the start
# of a line (after the printk timestamp when there is one), never by a word
# that happens to occur in a message: a clean boot prints "inconsistent
# fixed MTRR settings", "please report a bug" and "RETBleed: WARNING: ...".
set -eu

context=0
if [ "${1:-}" = -c ]; then
	context=25
	shift
fi
[ $# -eq 1 ] || { echo "usage: scan-log.sh [-c] LOG" >&2; exit 2; }
[ -r "$1" ] || { echo "scan-log.sh: cannot read $1" >&2; exit 2; }

awk -v context="$context" '
function classify(m) {
	# lockdep, RCU-lockdep and the spinlock and atomic-sleep debug checks
	if (m ~ /^WARNING: (possible circular locking dependency|possible recursive locking|inconsistent lock state|suspicious RCU usage|possible irq lock inversion dependency|bad unlock balance|lock held when returning to user space|held lock freed|Nested lock was not taken|lock held at task exit time|.*-safe -> .*-unsafe lock order)/ ||
	    m ~ /^BUG: (sleeping function called from invalid context|scheduling while atomic|spinlock |rwlock |MAX_LOCKDEP|MAX_STACK_TRACE_ENTRIES|TASK_LOCKDEP|workqueue leaked lock|key [0-9a-f]+ has not been registered|looking up invalid subclass)/ ||
	    m ~ /^DEBUG_LOCKS_WARN_ON\(/)
		return "lockdep"
	if (m ~ /^BUG: KCSAN: /) return "kcsan"
	if (m ~ /^BUG: KASAN: / || m ~ /^(BUG|WARNING): KFENCE: /) return "kasan"
	if (m ~ /^UBSAN: /) return "ubsan"
	if (m ~ /^(rcu: )?INFO: rcu_[a-z]+ (self-)?detected stalls?/ || m ~ /^rcu: INFO: .*stall/) return "rcu-stall"
	if (m ~ /^INFO: task .* blocked for more than [0-9]+ seconds/) return "hung-task"
	if (m ~ /^watchdog: BUG: soft lockup/ || m ~ /^(watchdog: )?Watchdog detected hard LOCKUP/ || m ~ /^NMI watchdog: Watchdog detected hard LOCKUP/) return "lockup"
	if (m ~ /^Kernel panic - not syncing/) return "panic"
	if (m ~ /^Oops: / || m ~ /^(general protection fault|stack segment|double fault)[,:]/) return "oops"
	if (m ~ /^kernel BUG at / || m ~ /^BUG: /) return "bug"
	if (m ~ /^WARNING: /) return "warning"
	return ""
}
{
	sub(/\r+$/, "")
	line = $0
	msg = ""
	# After a printk timestamp (and caller id), anywhere on the line: a
	# kernel line can land in the middle of a line of user output.
	if (match(line, /\[ *[0-9]+\.[0-9]+\] (\[ *[CT][0-9]+\] )?/))
		msg = substr(line, RSTART + RLENGTH)
	else
		msg = line
	c = classify(msg)
	if (c != "") {
		found++
		printf "%s %d: %s\n", c, NR, msg
		left = context
		next
	}
	if (left > 0) {
		printf "    | %s\n", line
		left--
	}
}
END { exit found ? 1 : 0 }
' "$1"
