#!/bin/sh
# build.sh SRC BUILD NAME [FRAGMENT...]: configure (config.sh, with the
# further config FRAGMENTs) and build the kernel of tree SRC in BUILD, out
# of tree and through ccache.  NAME labels the log.
. "$(dirname "$0")/common.sh"

[ $# -ge 3 ] || die "usage: build.sh SRC BUILD NAME [FRAGMENT...]"
src=$1 build=$2 name=$3
shift 3

"$TOP/scripts/config.sh" "$src" "$build" "$@"
log=$RESULTS/build-$name.log
say "build: $name kernel, -j$JOBS (log: $log)"
run_logged "$log" "building the $name kernel" \
	make -C "$src" O="$build" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc" bzImage
say "build: $name kernel is $build/arch/x86/boot/bzImage"
