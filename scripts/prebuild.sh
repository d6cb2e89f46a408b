#!/bin/sh
# prebuild.sh: build ahead what BASE's runs need, for check.sh, which
# starts it in the background while it checks another base: the base
# tree, the series applied (git am), the base and series kernels and the
# KVM selftests.  No QEMU, no boot.  BASE's stages then find the work
# done, or fail as it did.
. "$(dirname "$0")/common.sh"

lock_cache "$@"
S=$TOP/scripts
mkdir -p "$RESULTS"
"$S/base.sh"
REAPPLY=1 "$S/apply.sh"
"$S/build.sh" "$BASE_SRC" "$BASE_BUILD" base
"$S/build.sh" "$SERIES_SRC" "$SERIES_BUILD" series
"$S/selftests.sh" "$SERIES_SRC" "$SERIES_BUILD"
