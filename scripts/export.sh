#!/bin/sh
# Export the commits of the series tree (base..series) back into patches/BASE/
# with git format-patch --cover-letter.  The cover letter's subject and text
# are carried over from the existing patches/BASE/0000-cover-letter.patch.
. "$(dirname "$0")/common.sh"

lock_cache "$@"

base=$(base_commit) || die "no base tree in $BASE_SRC (make base)"
[ -d "$SERIES_SRC" ] || die "no series tree in $SERIES_SRC (make apply)"
[ -z "$(git -C "$SERIES_SRC" status --porcelain --untracked-files=no)" ] ||
	die "$SERIES_SRC has uncommitted changes: commit them first"
n=$(git -C "$SERIES_SRC" rev-list --count "$base..HEAD")
[ "$n" -gt 0 ] || die "the series tree has no commits on top of the base"

cover=$PATCHES/0000-cover-letter.patch
desc=$(mktemp)
trap 'rm -f "$desc"' EXIT
if [ -f "$cover" ]; then
	# Subject (unfolded, without "[PATCH n/m]"), a blank line, then the
	# text up to the shortlog ("Name (N):").
	awk '
	hdr && /^Subject: / { s = $0; sub(/^Subject: (\[[^]]*\] )?/, "", s); insubj = 1; next }
	hdr && insubj && /^[ \t]/ { t = $0; sub(/^[ \t]+/, " ", t); s = s t; next }
	hdr && /^$/ { hdr = 0; insubj = 0; print s; print ""; next }
	hdr { insubj = 0; next }
	/^[^ ].* \([0-9]+\):$/ { exit }
	{ body[++nb] = $0 }
	END { while (nb > 0 && body[nb] == "") nb--; for (i = 1; i <= nb; i++) print body[i] }
	' hdr=1 "$cover" >"$desc"
	git -C "$SERIES_SRC" config branch.series.description "$(cat "$desc")"
fi

rm -f "$PATCHES"/*.patch
mkdir -p "$PATCHES"
git -C "$SERIES_SRC" format-patch -q --cover-letter --cover-from-description=subject \
	--zero-commit -o "$PATCHES" "$base..HEAD"
# The tree is now what patches/ says: record it so apply.sh keeps it.
want=$(series_sum)
printf '%s %s\n' "$want" "$(git -C "$SERIES_SRC" rev-parse HEAD)" >"$WORK/series/applied"
say "export: $n patch(es) and a cover letter written to patches/$BASE/"
