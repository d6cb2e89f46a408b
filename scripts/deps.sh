#!/bin/sh
# Install the Debian packages the harness uses, when run as root; otherwise
# print the one apt-get line that would and fail.
. "$(dirname "$0")/common.sh"

# Base source, kernel build, selftests (rsync: kselftest install),
# QEMU, ccache, python3-ply and python3-git (checkpatch's SPDX check),
# python3-sphinx (htmldocs), busybox-static (the second-level guest's
# initramfs) and for the harness's own tests, shellcheck.  The test guests
# boot on a QEMU that qemu.sh builds (ninja-build ... libattr1-dev), with
# Debian 12's firmware (qemu-system-x86 brings it, and is the
# second-level guests' QEMU).  gnuplot draws make bench's chart.
PACKAGES="linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev
cpio rsync xz-utils git perl python3 python3-ply python3-git ccache
python3-sphinx python3-yaml busybox-static qemu-system-x86 shellcheck
ninja-build python3-venv pkg-config bzip2 libglib2.0-dev libattr1-dev
gnuplot-nox"

missing=""
for p in $PACKAGES; do
	st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null) || st=""
	[ "$st" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	say "deps: all $(echo "$PACKAGES" | wc -w) packages are installed"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "These Debian packages are missing; as root, run:" >&2
	echo "  apt-get install --no-install-recommends$missing" >&2
	die "missing packages:$missing"
fi
say "deps: installing$missing"
log=$RESULTS/deps.log
run_logged "$log" "apt-get update" apt-get update
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # one word per package
run_logged "$log.install" "apt-get install$missing" \
	apt-get install -y -q --no-install-recommends $missing
