#!/bin/sh
# selftests.sh SRC BUILD: build the KVM selftests of tree SRC against the
# uapi headers of the kernel built in BUILD, and install them with
# kselftest's own install target into BUILD/kselftest-install.
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || die "usage: selftests.sh SRC BUILD"
src=$1 build=$2
log=$RESULTS/selftests.log

say "selftests: uapi headers, then the KVM selftests (log: $log)"
run_logged "$log.headers" "make headers in $build" \
	make -C "$src" O="$build" headers
# With O=, kselftest builds in BUILD/kselftest and takes BUILD/usr/include.
run_logged "$log" "building the KVM selftests" \
	make -C "$src/tools/testing/selftests" O="$build" TARGETS=kvm -j"$JOBS" CC="ccache gcc"
run_logged "$log.install" "installing the KVM selftests" \
	make -C "$src/tools/testing/selftests" O="$build" TARGETS=kvm CC="ccache gcc" \
		INSTALL_PATH="$build/kselftest-install" install
say "selftests: installed in $build/kselftest-install"
