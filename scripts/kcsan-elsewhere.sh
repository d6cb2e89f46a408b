#!/bin/sh
# kcsan-elsewhere.sh SRC BASE KEYS: the KCSAN reports among KEYS (lines
# "CLASS<TAB>TITLE<TAB>FRAMES" of sanitize-reports.sh) that lie outside
# the kernel code the series changes: every function that the title
# names as a racing access ("data-race in A / B") is defined, in SRC, only
# in files that BASE..HEAD does not change (its tests and documentation
# aside).  A function that cannot be found counts as the series': so
# does every report that is not KCSAN's.  Prints those lines of KEYS.
# Exit status: 0; 2 on bad arguments.
set -eu

[ $# -eq 3 ] || { echo "usage: kcsan-elsewhere.sh SRC BASE KEYS" >&2; exit 2; }
src=$1 base=$2 keys=$3
[ -r "$keys" ] || { echo "kcsan-elsewhere.sh: cannot read $keys" >&2; exit 2; }
changed=$(git -C "$src" diff --name-only "$base" HEAD -- . \
	':(exclude)tools' ':(exclude)Documentation') ||
	{ echo "kcsan-elsewhere.sh: cannot diff $base..HEAD in $src" >&2; exit 2; }

# outside FUNCTION: true when FUNCTION has a definition in SRC, and none
# in a file the series changes.  A definition: a line that starts with
# its type at column 0, names FUNCTION( and does not end in ";" (a
# prototype ending in "," is taken as one too: that errs towards the
# series).
outside() {
	files=$(git -C "$src" grep -n -F -e "$1(" -- '*.c' '*.h' |
		awk -v fn="$1" '{
			f = $0; sub(/:.*/, "", f)
			line = $0; sub(/^[^:]*:[0-9]+:/, "", line)
			if (line ~ /^[A-Za-z_]/ && line !~ /;[ \t]*$/ &&
			    line ~ ("[ *]" fn "\\("))
				print f
		}' | sort -u)
	[ -n "$files" ] || return 1
	for f in $files; do
		printf '%s\n' "$changed" | grep -qxF "$f" && return 1
	done
	return 0
}

tab=$(printf '\t')
while IFS=$tab read -r class title frames; do
	[ "$class" = kcsan ] || continue
	case $title in *" in "*) ;; *) continue ;; esac
	fns=${title##* in }
	all=yes
	for fn in $(printf '%s\n' "$fns" | tr '/' ' '); do
		fn=${fn%%.*}
		case $fn in '' | *[!A-Za-z0-9_]*) all=no; break ;; esac
		outside "$fn" || { all=no; break; }
	done
	[ "$all" = no ] || printf '%s\t%s\t%s\n' "$class" "$title" "$frames"
done <"$keys"
