#!/bin/sh
# fetch-deb.sh SUITE PKG VERSION DIR: download the Debian package PKG at
# exactly VERSION from SUITE into DIR (PKG_VERSION_ARCH.deb, kept as a
# cache), without touching the machine's apt configuration: apt-get runs
# with a private sources list, lists directory and cache under DIR.
# The Debian mirror is the one the machine's own apt sources use
# (DEBIAN_MIRROR overrides it).  Prints the .deb's path.
. "$(dirname "$0")/common.sh"

[ $# -eq 4 ] || die "usage: fetch-deb.sh SUITE PKG VERSION DIR"
suite=$1 pkg=$2 version=$3 dir=$4

for f in "$dir/${pkg}_$(echo "$version" | sed 's/^[0-9]*://')"_*.deb; do
	if [ -f "$f" ]; then
		echo "$f"
		exit 0
	fi
done

# The first Debian (not security) URI of the machine's sources.
mirror=${DEBIAN_MIRROR:-$(
	{
		sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null
		sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | tr ' ' '\n' | grep -E '^https?://.*/debian/?$' | head -n 1
)}
[ -n "$mirror" ] ||
	die "no Debian mirror in /etc/apt/sources*: give one with DEBIAN_MIRROR=URL"

apt=$dir/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
echo "deb $mirror $suite main" >"$apt/sources.list"
set -- -o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
	-o Debug::NoLocking=true -o APT::Sandbox::User="$(id -un)"
log=$dir/apt.log
say "fetch: $pkg $version from $suite ($mirror)" >&2
apt-get "$@" update >"$log" 2>&1 ||
	{ tail -n 5 "$log" >&2; die "apt-get update of $suite failed (log: $log)"; }
served=$(apt-cache "$@" madison "$pkg" 2>>"$log" | awk -F' *[|] *' -v s="$suite" \
	'index($3, s "/") { print $2 }' | paste -sd' ' -)
case " $served " in
*" $version "*) ;;
*) die "$pkg $version is no longer served by $suite (it has: ${served:-none}); update the pin in scripts/common.sh" ;;
esac
(cd "$dir" && apt-get "$@" download "$pkg=$version") >>"$log" 2>&1 ||
	{ tail -n 5 "$log" >&2; die "apt-get download $pkg=$version failed (log: $log)"; }
for f in "$dir/${pkg}_$(echo "$version" | sed 's/^[0-9]*://')"_*.deb; do
	[ -f "$f" ] || die "apt-get download left no $pkg .deb in $dir (log: $log)"
	echo "$f"
done
