#!/bin/sh
# Run the base tree's scripts/checkpatch.pl --strict on every patch of the
# series; any error, warning or check fails.
. "$(dirname "$0")/common.sh"

n=0 bad=""
for p in $(patch_list); do
	n=$((n + 1))
	name=$(basename "$p")
	out=$(cd "$BASE_SRC" && ./scripts/checkpatch.pl --strict --no-summary --show-types "$p" 2>&1) ||
		bad="$bad $name"
	if [ -n "$out" ]; then
		printf '%s:\n%s\n' "$name" "$out" | sed 's/^/    /'
		case "$bad" in *" $name") ;; *) bad="$bad $name" ;; esac
	fi
done
[ -z "$bad" ] || die "checkpatch --strict is not clean on:$bad"
say "checkpatch: $n patch(es) clean with --strict"
