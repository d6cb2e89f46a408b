#!/bin/sh
# qemu.sh: print the path of the QEMU that boots the test guests, building
# it into the cache once per version and set of patches.
#
# Debian 12's QEMU 7.2 and bookworm-backports' 10.0.2 both deliver an
# interrupt injected by an L1 hypervisor through SVM's EVENTINJ a second
# time, with IF=0, when the vCPU is kicked right after the VMRUN: about 1
# interrupt in 8000 under irqchip_lock_test, and second-level Linux guests
# deadlock.  Under multi-threaded TCG, another vCPU's FPU state loads
# also write first_cpu's hflags2 back stale, and a nested guest can end
# in a triple fault.  The fixes are ours (qemu/*.patch, written up in
# qemu/README.md) and in no Debian QEMU yet, so the harness builds
# QEMU_VERSION of bookworm-backports' qemu source package, upstream's
# tarball as Debian ships it, with the patches applied: x86_64-softmmu,
# TCG and KVM, 9p.
# meson and pycotap, newer than Debian 12 has, come from
# bookworm-backports as they are (Python, architecture all), unpacked
# beside the build.  The firmware is Debian 12's (seabios,
# qemu-system-data), given with -L (QEMU_FIRMWARE).
. "$(dirname "$0")/common.sh"

# One build at a time: boots side by side each ask for QEMU.
mkdir -p "$CACHE"
exec 8>>"$CACHE/qemu.lock"
flock 8
dir=$CACHE/qemu
bin=$QEMU_DIR/qemu-system-x86_64
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi
mkdir -p "$dir"
tar=$("$TOP/scripts/fetch-deb.sh" -o "$QEMU_SUITE" qemu "$QEMU_VERSION" "$dir") || exit 1
py=$dir/python
for p in meson python3-pycotap; do
	deb=$("$TOP/scripts/fetch-deb.sh" "$QEMU_SUITE" "$p" "" "$dir") || exit 1
	dpkg-deb -x "$deb" "$py"
done
PYTHONPATH=$py/usr/lib/python3/dist-packages
export PYTHONPATH

src=$QEMU_DIR/src
rm -rf "$QEMU_DIR"
mkdir -p "$src" "$QEMU_DIR/build"
tar -xf "$tar" -C "$src" --strip-components=1 --no-same-owner
for p in "$TOP"/qemu/*.patch; do
	[ -e "$p" ] || continue
	patch -d "$src" -p1 -s <"$p" >>"$QEMU_DIR/build.log" 2>&1 ||
		die "qemu: ${p##*/} does not apply to QEMU $QEMU_VERSION (log: $QEMU_DIR/build.log)"
done
# Debian's tarball lacks upstream's prebuilt EDK2 images (+ds), which the
# x86 build unpacks for -bios; a -kernel boot never loads them.
sed -n '/^  fds = \[/,/\]/s/.*'\''\(edk2-[^'\'']*\)'\''.*/\1/p' "$src/pc-bios/meson.build" |
	while read -r f; do
		[ -f "$src/pc-bios/$f.bz2" ] || bzip2 </dev/null >"$src/pc-bios/$f.bz2"
	done
n=0
for p in "$TOP"/qemu/*.patch; do
	[ ! -e "$p" ] || n=$((n + 1))
done
say "qemu: building QEMU $QEMU_VERSION with $n patch(es) (log: $QEMU_DIR/build.log)" >&2
(
	cd "$QEMU_DIR/build" &&
		CC="ccache gcc" "$src/configure" --target-list=x86_64-softmmu \
			--without-default-features --enable-tcg --enable-kvm \
			--enable-virtfs --enable-attr --disable-docs --disable-werror \
			--disable-download --disable-install-blobs &&
		ninja -j"$JOBS" qemu-system-x86_64
) >>"$QEMU_DIR/build.log" 2>&1 || {
	tail -n 20 "$QEMU_DIR/build.log" >&2
	die "building QEMU $QEMU_VERSION (log: $QEMU_DIR/build.log)"
}
cp "$QEMU_DIR/build/qemu-system-x86_64" "$bin.new"
mv "$bin.new" "$bin"
rm -rf "$src" "$QEMU_DIR/build"
say "qemu: $("$bin" --version | head -n 1) ($bin)" >&2
echo "$bin"
