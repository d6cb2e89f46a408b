#!/bin/sh
# sparse.sh: print the path of a sparse that the base's kernel accepts.
# Linux 7.3's scripts/checker-valid.sh wants __typeof_unqual__, which
# Debian 12's sparse 0.6.4 lacks: with it, "make C=2" warns once and
# checks nothing.  So build sparse from Debian's newest source package
# (SPARSE_SUITE), upstream's tarball as released (Debian's patches only
# adapt the packaging to its compiler), into the cache, once per version.
. "$(dirname "$0")/common.sh"

dir=$CACHE/sparse
mkdir -p "$dir"
dsc=$("$TOP/scripts/fetch-deb.sh" -s "$SPARSE_SUITE" sparse "" "$dir") || exit 1
ver=$(sed -n 's/^Version: //p' "$dsc")
bin=$dir/${ver#*:}/sparse
if [ ! -x "$bin" ]; then
	orig=$(sed -n 's/^ [0-9a-f]\{64\} [0-9]* \(sparse_[^ ]*\.orig\.tar\.[a-z0-9]*\)$/\1/p' "$dsc" | head -n 1)
	[ -f "$dir/$orig" ] || die "no upstream tarball for sparse $ver in $dir"
	src=$dir/${ver#*:}
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$dir/$orig" -C "$src" --strip-components=1
	say "sparse: building $ver (log: $src/build.log)" >&2
	run_logged "$src/build.log" "building sparse $ver" make -C "$src" -j"$JOBS" sparse
fi
# The kernel's own test of its checker, where it has one.
valid=$BASE_SRC/scripts/checker-valid.sh
if [ -f "$valid" ] && [ "$(sh "$valid" "$bin" --arch=x86 -mlittle-endian -m64)" != 1 ]; then
	die "sparse $ver ($bin) fails $valid"
fi
say "sparse: $ver ($bin)" >&2
echo "$bin"
