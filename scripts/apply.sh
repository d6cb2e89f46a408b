#!/bin/sh
# Apply patches/BASE/ with "git am" onto branch "series" of the base tree, in its
# own worktree.  Re-applies only when patches/BASE/ changed (or REAPPLY=1);
# refuses to throw away commits or changes made in the series tree that
# were never exported, unless FORCE=1.
. "$(dirname "$0")/common.sh"

lock_cache "$@"

base=$(base_commit) || die "no base tree in $BASE_SRC (make base)"
applied=$WORK/series/applied

want=$(series_sum)
n=$(patch_list | wc -l)

if [ ! -d "$SERIES_SRC" ]; then
	say "apply: creating the series worktree $SERIES_SRC"
	git -C "$BASE_SRC" worktree prune
	git -C "$BASE_SRC" worktree add -q -f -B series "$SERIES_SRC" "$base"
	rm -f "$applied"
fi
git -C "$SERIES_SRC" config user.email >/dev/null ||
	git -C "$SERIES_SRC" config user.email harness@localhost
git -C "$SERIES_SRC" config user.name >/dev/null ||
	git -C "$SERIES_SRC" config user.name 'kvm-irqchip harness'

head=$(git -C "$SERIES_SRC" rev-parse HEAD)
if [ -f "$applied" ]; then
	read -r old_want old_head <"$applied"
	if [ "$old_want" = "$want" ] && [ -z "${REAPPLY:-}" ]; then
		[ "$old_head" = "$head" ] ||
			say "apply: note: $SERIES_SRC has commits not exported to patches/ (make export)"
		say "apply: $n patch(es), unchanged since the last apply"
		exit 0
	fi
	[ "$old_head" = "$head" ] || [ -n "${FORCE:-}" ] ||
		die "$SERIES_SRC has commits not exported to patches/: export them (make export) or re-run with FORCE=1 to discard them"
fi
[ -z "$(git -C "$SERIES_SRC" status --porcelain --untracked-files=no)" ] || [ -n "${FORCE:-}" ] ||
	die "$SERIES_SRC has uncommitted changes: commit and export them, or re-run with FORCE=1 to discard them"

rm -f "$applied"
git -C "$SERIES_SRC" am --abort >/dev/null 2>&1 || true
mkdir -p "$RESULTS"
# The modification times of the files the series changes, given back
# below to those that come out of git am as they were, so that a build
# recompiles only what changed; not when the tree had changes of its own
# (FORCE=1), whose objects must build again.
mtimes=$WORK/series/apply.mtimes
: >"$mtimes"
[ -n "$(git -C "$SERIES_SRC" status --porcelain --untracked-files=no)" ] ||
	git -C "$SERIES_SRC" diff --name-only "$base" "$head" | while read -r f; do
		[ ! -f "$SERIES_SRC/$f" ] || printf '%s %s\n' "$(stat -c %.9Y "$SERIES_SRC/$f")" "$f"
	done >"$mtimes"
git -C "$SERIES_SRC" reset -q --hard "$base"
for p in $(patch_list); do
	name=$(basename "$p")
	if ! git -C "$SERIES_SRC" am -q "$p" >"$RESULTS/apply.log" 2>&1; then
		cat "$RESULTS/apply.log" >&2
		git -C "$SERIES_SRC" am --abort >/dev/null 2>&1 || true
		git -C "$SERIES_SRC" reset -q --hard "$base"
		die "patch $name does not apply to $(kernel_version "$BASE_SRC") (log: $RESULTS/apply.log)"
	fi
done
new=$(git -C "$SERIES_SRC" rev-parse HEAD)
changed=$(git -C "$SERIES_SRC" diff --name-only "$head" "$new")
while read -r t f; do
	case "
$changed
" in *"
$f
"*) continue ;; esac
	[ ! -f "$SERIES_SRC/$f" ] || touch -d "@$t" "$SERIES_SRC/$f"
done <"$mtimes"
rm -f "$mtimes"
printf '%s %s\n' "$want" "$new" >"$applied"
say "apply: $n patch(es) applied on $(kernel_version "$BASE_SRC") in $SERIES_SRC"
