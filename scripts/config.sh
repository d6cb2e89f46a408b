#!/bin/sh
# config.sh SRC BUILD: configure the out-of-tree build directory BUILD for
# the kernel tree SRC: tinyconfig, plus the fragment in config/, then check
# that every option of the fragment survived olddefconfig.
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: config.sh SRC BUILD"
src=$1 build=$2
frag=$TOP/config/kvm-irqchip.config
stamp=$build/.kvm-irqchip-config

mkdir -p "$build"
want=$(cat "$frag" "$0" | cksum)
if [ ! -f "$build/.config" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	say "config: tinyconfig + $(basename "$frag") in $build"
	log=$RESULTS/config-$(basename "$(dirname "$build")").log
	rm -f "$stamp"
	run_logged "$log" "make tinyconfig in $build" \
		make -C "$src" O="$build" tinyconfig
	# shellcheck disable=SC2016 # expanded by the inner sh
	run_logged "$log.merge" "merging $frag" \
		sh -c 'cd "$1" && "$2/scripts/kconfig/merge_config.sh" -m -O "$1" "$1/.config" "$3"' \
		sh "$build" "$src" "$frag"
	run_logged "$log.olddefconfig" "make olddefconfig in $build" \
		make -C "$src" O="$build" olddefconfig
fi

# kconfig silently drops an option whose dependencies are not met.
missing=""
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qx -- "$line" "$build/.config" || missing="$missing $line"
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		! grep -q "^$opt=" "$build/.config" || missing="$missing $line"
		;;
	esac
done <"$frag"
if [ -n "$missing" ]; then
	for m in $missing; do
		printf '  wanted %s, .config has: %s\n' "$m" \
			"$(grep -E "^(# )?${m%%=*}[= ]" "$build/.config" || echo nothing)" >&2
	done
	die "kconfig dropped options of $frag (missing dependencies?):$missing"
fi
echo "$want" >"$stamp"
say "config: all $(grep -c '^CONFIG_' "$frag") options of the fragment are set"
