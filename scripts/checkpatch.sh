#!/bin/sh
# Run the base tree's scripts/checkpatch.pl --strict on every patch of the
# series; any error, warning or check fails.
. "$(dirname "$0")/common.sh"

# checkpatch's SPDX check runs python3 with ply and git: Debian's, not
# whatever python3 comes first on PATH.
PATH=/usr/bin:/bin:$PATH

# checkpatch asks "does MAINTAINERS need updating?" for every file a patch
# creates or deletes.  Answer it: no, when a MAINTAINERS section other
# than THE REST covers each of them.
maintained() {
	sed -n 's/^ \(create\|delete\) mode [0-7]* //p' "$1" | while IFS= read -r f; do
		printf 'diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n@@ -1 +1 @@\n-x\n+x\n' \
			"$f" "$f" "$f" "$f" >"$RESULTS/one-file.patch"
		(cd "$BASE_SRC" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
			--sections "$RESULTS/one-file.patch" 2>/dev/null) |
			grep -E '^[A-Z0-9]' | grep -v -e '^[A-Z]:' -e '^THE REST$' | grep -q . ||
			exit 1
	done
}

mkdir -p "$RESULTS"
n=0 bad=""
for p in $(patch_list); do
	n=$((n + 1))
	name=$(basename "$p")
	ignore=""
	! maintained "$p" || ignore="--ignore FILE_PATH_CHANGES"
	# shellcheck disable=SC2086 # $ignore is empty or two words
	out=$(cd "$BASE_SRC" && ./scripts/checkpatch.pl --strict --quiet --no-summary --show-types \
		$ignore "$p" 2>&1) || bad="$bad $name"
	if [ -n "$out" ]; then
		printf '%s:\n%s\n' "$name" "$out" | sed 's/^/    /'
		case "$bad" in *" $name") ;; *) bad="$bad $name" ;; esac
	fi
done
[ -z "$bad" ] || die "checkpatch --strict is not clean on:$bad"
say "checkpatch: $n patch(es) clean with --strict"
