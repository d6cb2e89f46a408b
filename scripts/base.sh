#!/bin/sh
# Make the pristine base tree: a git repository whose branch "base" is the
# Linux of BASE exactly as shipped, either Debian's linux-source-X.Y (the
# pinned version, fetched with fetch-deb.sh, or the installed package when
# the base has no pin) or the commit BASE_REF (default HEAD) of the git
# tree KERNEL_SRC.
. "$(dirname "$0")/common.sh"

lock_cache "$@"

stamp=$WORK/base/stamp

git_base() {
	GIT_AUTHOR_NAME='kvm-irqchip harness' GIT_AUTHOR_EMAIL='harness@localhost' \
	GIT_COMMITTER_NAME='kvm-irqchip harness' GIT_COMMITTER_EMAIL='harness@localhost' \
		git "$@"
}

# from_debian: the base from Debian's package: the pinned version from its
# suite, or the installed one.
from_debian() {
	if [ -n "$BASE_PIN" ]; then
		pkg=$BASE_PIN
		say "base: $BASE_PKG $pkg (pinned in scripts/common.sh)"
		deb=$("$TOP/scripts/fetch-deb.sh" "$BASE_SUITE" "$BASE_PKG" "$pkg" "$CACHE/debs") || exit 1
	else
		tarball=/usr/src/$BASE_PKG.tar.xz
		[ -f "$tarball" ] || die "$tarball is missing: install $BASE_PKG (make deps)"
		pkg=$(dpkg-query -W -f '${Version}' "$BASE_PKG" 2>/dev/null) || pkg=unknown
		say "base: $BASE_PKG $pkg (installed from $BASE_SUITE)"
	fi
	want="debian $BASE_PKG $pkg"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && base_commit >/dev/null; then
		return
	fi
	[ ! -d "$WORK/series" ] || die "$BASE_PKG changed to $pkg under an existing work tree; remove $WORK to start over"
	tmp=$WORK/base/src.tmp
	rm -rf "$tmp" "$BASE_SRC"
	mkdir -p "$tmp"
	if [ -n "$BASE_PIN" ]; then
		say "base: extracting $BASE_PKG.tar.xz from $deb"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$BASE_PKG.tar.xz" |
			tar -xJ -C "$tmp" --strip-components=1 ||
			die "cannot extract usr/src/$BASE_PKG.tar.xz from $deb"
	else
		say "base: extracting $tarball"
		tar -xf "$tarball" -C "$tmp" --strip-components=1
	fi
	say "base: recording the pristine tree in git (about a minute)"
	git -C "$tmp" init -q -b base
	# No automatic gc: one started by a commit below would run on in the
	# background after this job, holding its cache lock (and two CPUs for
	# minutes).
	git -C "$tmp" config gc.auto 0
	# Debian appends "/*" to the top-level .gitignore: -f records the
	# tarball exactly as shipped.
	git -C "$tmp" add -f -A
	ver=$(kernel_version "$tmp")
	git_base -C "$tmp" commit -q -m "Linux $ver (Debian $BASE_PKG $pkg)"
	mv "$tmp" "$BASE_SRC"
	echo "$want" >"$stamp"
}

from_tree() {
	ref=${BASE_REF:-HEAD}
	sha=$(git -C "$KERNEL_SRC" rev-parse --verify -q "$ref^{commit}") ||
		die "KERNEL_SRC=$KERNEL_SRC: $ref is not a commit of a git tree"
	want="tree $KERNEL_SRC $sha"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && base_commit >/dev/null; then
		return
	fi
	[ ! -d "$WORK/series" ] || [ ! -f "$stamp" ] ||
		die "KERNEL_SRC base moved to $sha under an existing work tree; remove $WORK to start over"
	objects=$(cd "$KERNEL_SRC" && cd "$(git rev-parse --git-common-dir)/objects" && pwd)
	rm -rf "$BASE_SRC"
	mkdir -p "$BASE_SRC"
	say "base: checking out $ref ($sha) of $KERNEL_SRC"
	git -C "$BASE_SRC" init -q -b base
	git -C "$BASE_SRC" config gc.auto 0
	# Borrow the objects of the user's tree: nothing is copied and the
	# user's repository is left alone.
	echo "$objects" >"$BASE_SRC/.git/objects/info/alternates"
	git -C "$BASE_SRC" reset -q --hard "$sha"
	echo "$want" >"$stamp"
}

mkdir -p "$WORK/base"
if [ -n "${KERNEL_SRC:-}" ]; then
	from_tree
else
	from_debian
fi

ver=$(kernel_version "$BASE_SRC")
case "$ver" in
"$BASE" | "$BASE".*) ;;
*) die "base tree is Linux $ver, not $BASE.y ($BASE_SRC)" ;;
esac
say "base: Linux $ver, commit $(base_commit | cut -c1-12) in $BASE_SRC"
