#!/bin/sh
# clean.sh: remove the build directories of the base (BASE): the kernels,
# the selftests and the bisect cache.  The trees, the downloaded
# packages, ccache and the results stay.
. "$(dirname "$0")/common.sh"

lock_cache "$@"

for d in "$BASE_BUILD" "$SERIES_BUILD" "$WORK/base/bench" "$WORK/series/bench" \
	"$WORK/series/bisect-cache" "$WORK/base/docs" "$WORK/series/docs"; do
	[ -e "$d" ] || continue
	say "clean: removing $d"
	rm -rf "$d"
done
