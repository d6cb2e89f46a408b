#!/bin/sh
# docs.sh: build the KVM documentation (make SPHINXDIRS=virt htmldocs) of
# the base and of the series, and fail when the series adds a Sphinx
# warning or error.  Messages are compared without line numbers, so that
# a warning that only moved is not new.
. "$(dirname "$0")/common.sh"

# messages SRC OUT: build the docs of tree SRC in OUT, list its messages.
messages() {
	log=$RESULTS/htmldocs-$(basename "$(dirname "$1")").log
	# From scratch: Sphinx re-reads only changed files, and would not
	# repeat the warnings of a file it has read before.
	rm -rf "$2"
	# Debian's Sphinx, not the one of a python3 earlier on PATH.
	if ! env PATH="/usr/bin:/bin:$PATH" make -C "$1" O="$2" SPHINXDIRS=virt htmldocs \
		>"$log" 2>&1; then
		tail -n 20 "$log" >&2
		die "make htmldocs failed (log: $log)"
	fi
	grep -E 'WARNING|ERROR|CRITICAL' "$log" | sed -E "s|$1/||; s|:[0-9]+:|:|" | sort
}

say "docs: SPHINXDIRS=virt htmldocs, base and series"
base=$(messages "$BASE_SRC" "$WORK/base/docs")
series=$(messages "$SERIES_SRC" "$WORK/series/docs")
new=$(printf '%s\n' "$series" | grep -vxF -e "$base" || true)
if [ -n "$new" ]; then
	printf '%s\n' "$new" | sed 's/^/  new: /' >&2
	die "the series adds $(printf '%s\n' "$new" | wc -l) htmldocs message(s)"
fi
say "docs: no new htmldocs message ($(printf '%s' "$base" | grep -c . || true) on the base too)"
