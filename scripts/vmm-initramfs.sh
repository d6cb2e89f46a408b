#!/bin/sh
# vmm-initramfs.sh OUT: write the second-level guest's initramfs to OUT, a
# gzipped cpio of Debian's static busybox and vmm-init.sh as /init.
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: vmm-initramfs.sh OUT"
out=$1
bb=/bin/busybox
[ -x "$bb" ] || die "no $bb: install busybox-static (make deps)"
# The initramfs has no shared libraries: busybox must have no interpreter.
! readelf -l "$bb" | grep -q 'program interpreter' ||
	die "$bb is dynamically linked: install busybox-static"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/proc" "$tmp/sys" "$tmp/dev"
cp "$bb" "$tmp/bin/busybox"
for cmd in sh mount cat cut head grep awk sed wc dd sleep echo dmesg reboot; do
	ln -s busybox "$tmp/bin/$cmd"
done
cp "$TOP/scripts/vmm-init.sh" "$tmp/init"
chmod 755 "$tmp/init"
mkdir -p "$(dirname "$out")"
(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9) >"$out.tmp"
mv "$out.tmp" "$out"
