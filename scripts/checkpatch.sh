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
	# The base is Debian's tarball in a one-commit tree: the upstream
	# commits that Fixes: tags name are not in it, and checkpatch, which
	# then cannot look them up, checks neither them nor the tag's form.
	# Check the form here.
	out=$(grep '^Fixes:' "$p" | grep -vE '^Fixes: [0-9a-f]{12,40} \("[^"]+"\)$' |
		sed 's/^/not in the form Fixes: <12+ hex digits> ("<title>"): /')
	ignore="--ignore UNKNOWN_COMMIT_ID"
	! maintained "$p" || ignore="$ignore,FILE_PATH_CHANGES"
	# shellcheck disable=SC2086 # $ignore is two words
	check=$(cd "$BASE_SRC" && ./scripts/checkpatch.pl --strict --quiet --no-summary \
		--show-types $ignore "$p" 2>&1) || check="$check
checkpatch.pl failed"
	out=$(printf '%s\n%s\n' "$out" "$check" | sed '/^$/d')
	if [ -n "$out" ]; then
		printf '%s:\n%s\n' "$name" "$out" | sed 's/^/    /'
		bad="$bad $name"
	fi
done
[ -z "$bad" ] || die "checkpatch --strict is not clean on:$bad"
say "checkpatch: $n patch(es) clean with --strict"
