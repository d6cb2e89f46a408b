#!/bin/sh
# config.sh SRC BUILD [FRAGMENT...]: configure the out-of-tree build
# directory BUILD for the kernel tree SRC: tinyconfig, plus the fragment in
# config/ (kvm-irqchip.config, and kvm-irqchip-BASE.config where the base
# has one) and the further FRAGMENTs given, then check that every option of
# the fragments survived olddefconfig.
. "$(dirname "$0")/common.sh"

[ $# -ge 2 ] || die "usage: config.sh SRC BUILD [FRAGMENT...]"
src=$1 build=$2
shift 2
frags=$TOP/config/kvm-irqchip.config
[ ! -f "$TOP/config/kvm-irqchip-$BASE.config" ] || frags="$frags $TOP/config/kvm-irqchip-$BASE.config"
for f in "$@"; do
	[ -f "$f" ] || die "no config fragment $f"
	frags="$frags $(cd "$(dirname "$f")" && pwd)/$(basename "$f")"
done
# shellcheck disable=SC2086 # the harness's paths have no blanks
set -- $frags
stamp=$build/.kvm-irqchip-config

mkdir -p "$build"
want=$(cat "$@" "$0" | cksum)
names=$(for f in "$@"; do basename "$f"; done | paste -sd+ -)
if [ ! -f "$build/.config" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	say "config: tinyconfig + $names in $build"
	log=$RESULTS/config-$(basename "$(dirname "$build")")-$(basename "$build").log
	rm -f "$stamp"
	run_logged "$log" "make tinyconfig in $build" \
		make -C "$src" O="$build" tinyconfig
	# shellcheck disable=SC2016 # expanded by the inner sh
	run_logged "$log.merge" "merging $names" \
		sh -c 'b=$1 s=$2; shift 2; cd "$b" && "$s/scripts/kconfig/merge_config.sh" -m -O "$b" "$b/.config" "$@"' \
		sh "$build" "$src" "$@"
	run_logged "$log.olddefconfig" "make olddefconfig in $build" \
		make -C "$src" O="$build" olddefconfig
fi

# kconfig silently drops an option whose dependencies are not met.  What
# the fragments ask for, the last one's word on an option winning (as in
# merge_config.sh: config/bench-prod.config turns lockdep off again).
all=$build/.kvm-irqchip-fragments
cat "$@" | awk '
/^CONFIG_[A-Za-z0-9_]+=/ { k = $0; sub(/=.*/, "", k) }
/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { k = $2 }
k != "" { if (!(k in want)) order[++n] = k; want[k] = $0; k = "" }
END { for (i = 1; i <= n; i++) print want[order[i]] }
' >"$all"
# One line per option kconfig did not give as asked.
missing=$(
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qx -- "$line" "$build/.config" || echo "$line"
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			! grep -q "^$opt=" "$build/.config" || echo "$line"
			;;
		esac
	done <"$all"
)
if [ -n "$missing" ]; then
	echo "$missing" | while IFS= read -r m; do
		opt=${m#\# }
		opt=${opt%%[= ]*}
		printf '  wanted "%s", .config has: %s\n' "$m" \
			"$(grep -E "^(# )?${opt}[= ]" "$build/.config" || echo nothing)" >&2
	done
	die "kconfig did not keep $(echo "$missing" | wc -l) option(s) of $names as asked (missing dependencies, or selected by another option: $build/.config)"
fi
echo "$want" >"$stamp"
say "config: all $(wc -l <"$all") options of $names are as asked"
