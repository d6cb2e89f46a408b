#!/bin/sh
# side-by-side.sh BASE_OUT SERIES_OUT: one table of the results that
# verdict.sh wrote for the base run and the series run.
set -eu
[ $# -eq 2 ] || { echo "usage: side-by-side.sh BASE_OUT SERIES_OUT" >&2; exit 2; }
printf '%-36s %-24s %s\n' "" "base" "series"
# Lines of both files, in the order the series run lists them.
awk -F '\t' '
	FNR == 1 { f++ }
	f == 1 { b[$1] = $2; next }
	{ printf "%-36s %-24s %s\n", $1, ($1 in b ? b[$1] : "-"), $2 }
' "$1/results" "$2/results"
