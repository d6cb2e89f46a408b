#!/bin/sh
# fetch-deb.sh [-s|-o] SUITE PKG VERSION DIR: download the Debian package
# PKG at exactly VERSION (empty: the newest that SUITE serves) from SUITE
# into DIR, kept there as a cache, and print its path: the .deb, with -s
# the source package's .dsc (its tarballs beside it), with -o the source
# package's upstream tarball alone (.orig.tar.*, checked against the
# suite's Sources index).  The machine's apt
# configuration is not touched: apt-get runs with a private sources list,
# lists directory and cache under DIR, on the Debian mirror that the
# machine's own apt sources use (DEBIAN_MIRROR overrides it).
. "$(dirname "$0")/common.sh"

type=deb orig=no
case ${1:-} in
-s) type=deb-src ;;
-o) type=deb-src orig=yes ;;
esac
[ "$type" = deb ] || shift
[ $# -eq 4 ] || die "usage: fetch-deb.sh [-s|-o] SUITE PKG VERSION DIR"
suite=$1 pkg=$2 version=$3 dir=$4

# cached VERSION: print the file of PKG at VERSION already in DIR.
cached() {
	_v=$(echo "$1" | sed 's/^[0-9]*://')
	if [ "$type" = deb ]; then
		set -- "$dir/${pkg}_${_v}"_*.deb
	elif [ "$orig" = yes ]; then
		set -- "$dir/${pkg}_${_v%-*}".orig.tar.*
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
elif [ "$orig" = yes ]; then
	# "'URI' FILE SIZE SHA256:HASH" per file of the source package.
	uri=$(apt-get "$@" --print-uris source "$pkg=$version" 2>>"$log" |
		awk '$2 ~ /\.orig\.tar\./ { gsub("\047", "", $1); print $1, $2, $4 }')
	[ -n "$uri" ] || die "no upstream tarball listed for $pkg $version (log: $log)"
	# shellcheck disable=SC2086 # three words
	set -- $uri
	/usr/lib/apt/apt-helper download-file "$1" "$dir/$2" "$3" >>"$log" 2>&1
else
	(cd "$dir" && apt-get "$@" source --download-only "$pkg=$version") >>"$log" 2>&1
fi || { tail -n 5 "$log" >&2; die "apt-get could not download $pkg=$version (log: $log)"; }
cached "$version" || die "apt-get left no $pkg $version in $dir (log: $log)"
