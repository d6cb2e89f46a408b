#!/bin/sh
# fetch-deb.sh [-s] SUITE PKG VERSION DIR: download the Debian package PKG
# at exactly VERSION (empty: the newest that SUITE serves) from SUITE into
# DIR, kept there as a cache, and print its path: the .deb, or with -s the
# source package's .dsc (its tarballs beside it).  The machine's apt
# configuration is not touched: apt-get runs with a private sources list,
# lists directory and cache under DIR, on the Debian mirror that the
# machine's own apt sources use (DEBIAN_MIRROR overrides it).
. "$(dirname "$0")/common.sh"

type=deb
if [ "${1:-}" = -s ]; then
	type=deb-src
	shift
fi
[ $# -eq 4 ] || die "usage: fetch-deb.sh [-s] SUITE PKG VERSION DIR"
suite=$1 pkg=$2 version=$3 dir=$4

# cached VERSION: print the file of PKG at VERSION already in DIR.
cached() {
	_v=$(echo "$1" | sed 's/^[0-9]*://')
	if [ "$type" = deb ]; then
		set -- "$dir/${pkg}_${_v}"_*.deb
	else
		set -- "$dir/${pkg}_${_v}.dsc"
	fi
	[ -f "$1" ] && echo "$1"
}
[ -z "$version" ] || ! cached "$version" || exit 0

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

apt=$dir/apt-$suite-$type
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
echo "$type $mirror $suite main" >"$apt/sources.list"
set -- -o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
	-o Debug::NoLocking=true -o APT::Sandbox::User="$(id -un)"
log=$apt/apt.log
say "fetch: $pkg ${version:-(newest)} ($type) from $suite ($mirror)" >&2
apt-get "$@" update >"$log" 2>&1 ||
	{ tail -n 5 "$log" >&2; die "apt-get update of $suite failed (log: $log)"; }
# madison lists binary and source versions alike: "pkg | version | where".
served=$(apt-cache "$@" madison "$pkg" 2>>"$log" | awk -F' *[|] *' -v s="$suite" \
	'index($3, s "/") { print $2 }' | paste -sd' ' -)
if [ -z "$version" ]; then
	version=${served%% *}
	[ -n "$version" ] || die "$suite serves no $pkg"
	! cached "$version" || exit 0
fi
case " $served " in
*" $version "*) ;;
*) die "$pkg $version is not served by $suite (it has: ${served:-none}); update the pin in scripts/common.sh" ;;
esac
if [ "$type" = deb ]; then
	(cd "$dir" && apt-get "$@" download "$pkg=$version") >>"$log" 2>&1
else
	(cd "$dir" && apt-get "$@" source --download-only "$pkg=$version") >>"$log" 2>&1
fi || { tail -n 5 "$log" >&2; die "apt-get could not download $pkg=$version (log: $log)"; }
cached "$version" || die "apt-get left no $pkg $version in $dir (log: $log)"
