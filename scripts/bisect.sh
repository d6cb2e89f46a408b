#!/bin/sh
# Walk the series one commit at a time, from the base to its last patch,
# in the series tree: each commit must build arch/x86/kvm (with KVM built
# in, that includes virt/kvm) with sparse checking every file, and must
# add no sparse warning over the base (a commit that changes only tools/
# and Documentation/ has its parent's kernel, and its findings).  The
# first commit this walk builds is checked whole (C=2), unless the
# findings of the last walk still hold, and those after it file by file
# as they compile (C=1): sparse-each.sh keeps every file's findings, and
# a file that did not compile again has its last ones.  A commit that
# touches the KVM selftests must also build them.  A commit between the
# base and the head whose kernel differs from its parent's and from the
# head's (it changes more than tools/ or Documentation/, and some later
# patch changes the kernel again) also builds its bzImage, kept as
# $RESULTS/bisect/bzImage-N, with its subject in subject-N, for
# check-base.sh to boot; the last kernel patch's kernel is the series
# kernel, which the run boots with every test.
# Leaves the tree at the series head.
. "$(dirname "$0")/common.sh"

base=$(base_commit) || die "no base tree (make base)"
head=$(git -C "$SERIES_SRC" rev-parse HEAD)
[ -z "$(git -C "$SERIES_SRC" status --porcelain --untracked-files=no)" ] ||
	die "$SERIES_SRC has uncommitted changes: commit and export them first"
trap 'git -C "$SERIES_SRC" checkout -q "$head" 2>/dev/null; git -C "$SERIES_SRC" checkout -q series 2>/dev/null' EXIT
"$TOP/scripts/config.sh" "$SERIES_SRC" "$SERIES_BUILD"
sparse=$("$TOP/scripts/sparse.sh") || exit 1

# sparse's findings (sparse-each.sh's, on stdin) without line numbers, so
# that base and patched files compare; one per line, sorted, duplicates
# kept.
sparse_findings() {
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' |
		sed -E "s#^($SERIES_SRC/|\\.\\./)*##; s#^([^ :]+):[0-9]+:[0-9]+: #\\1: #" | sort
}

dir=$RESULTS/bisect
mkdir -p "$dir"

# A commit whose tree passed this walk before, with the same config,
# sparse, compiler and script, passes again: its findings and kernel are
# kept in the cache by tree, so that a change to one patch re-checks only
# that patch and the ones after it.
cache=$WORK/series/bisect-cache
tools=$( (cat "$SERIES_BUILD/.kvm-irqchip-config" "$0"; echo "$sparse"; gcc --version | head -n 1) | cksum | tr ' ' -)
mkdir -p "$cache"
find "$cache" -mindepth 1 -maxdepth 1 -mtime +7 -exec rm -rf {} + 2>/dev/null || true

keep=$SERIES_BUILD/.sparse-each
# The findings a walk leaves in $keep still hold for the next one when
# every object of arch/x86/kvm and virt/kvm was built by a walk, with the
# same tools: no object is newer than $keep/.tools, which each of the
# walk's builds writes once it is through.  Then even the first commit
# this walk builds needs only C=1.
keep_holds() {
	[ -f "$keep/.tools" ] && [ "$(cat "$keep/.tools")" = "$tools" ] &&
		[ -z "$(find "$SERIES_BUILD/arch/x86/kvm" "$SERIES_BUILD/virt/kvm" -name '*.o' \
			-newer "$keep/.tools" 2>/dev/null | head -n 1)" ]
}
# keep_count: how many files' findings $keep has.
keep_count() {
	find "$keep" -type f ! -name '*.new' ! -name '.*' | wc -l
}
checked=""
i=0
for c in $base $(git -C "$SERIES_SRC" rev-list --reverse "$base..$head"); do
	subj=$(git -C "$SERIES_SRC" log -1 --format=%s "$c")
	log=$dir/$i.log
	kept=$cache/$(git -C "$SERIES_SRC" rev-parse "$c^{tree}")-$tools
	kernel=no
	if [ "$i" -gt 0 ] &&
	   ! git -C "$SERIES_SRC" diff --quiet "$c^" "$c" -- . ':!tools' ':!Documentation' &&
	   ! git -C "$SERIES_SRC" diff --quiet "$c" "$head" -- . ':!tools' ':!Documentation'; then
		kernel=yes
	fi
	if [ -f "$kept/ok" ] && { [ "$kernel" = no ] || [ -f "$kept/bzImage" ]; }; then
		say "bisect: [$i] $subj (this tree passed before: kept)"
		cp "$kept/sparse" "$dir/$i.sparse"
		if [ "$kernel" = yes ]; then
			cp "$kept/bzImage" "$dir/bzImage-$i"
			cp "$kept/bzImage.config" "$dir/bzImage-$i.config"
			printf '%s\n' "$subj" >"$dir/subject-$i"
		fi
		i=$((i + 1))
		continue
	fi
	git -C "$SERIES_SRC" checkout -q "$c"
	if [ "$i" -gt 0 ] && git -C "$SERIES_SRC" diff --quiet "$c^" "$c" -- . ':!tools' ':!Documentation'; then
		# Tests or documentation only: the kernel is its parent's, which
		# built and was checked just before.
		say "bisect: [$i] $subj (tools/ and Documentation/ only: the kernel of [$((i - 1))])"
		cp "$dir/$((i - 1)).sparse" "$dir/$i.sparse"
	else
		say "bisect: [$i] $subj"
		cflag=1
		if [ -z "$checked" ]; then
			if keep_holds && [ "$(keep_count)" -gt 0 ]; then
				checked=$(keep_count)
				say "bisect: the findings of $checked file(s) kept from the last walk hold: C=1"
			else
				cflag=2
				rm -rf "$keep"
				mkdir -p "$keep"
			fi
		fi
		SPARSE=$sparse SPARSE_KEEP=$keep run_logged "$log" "commit $i ($subj) does not build arch/x86/kvm" \
			make -C "$SERIES_SRC" O="$SERIES_BUILD" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc" \
				C=$cflag CHECK="$TOP/scripts/sparse-each.sh" arch/x86/kvm/
		# Kbuild only warns, and checks nothing, when it rejects the checker.
		! grep -q 'specified, but .* is not available or not up to date' "$log" ||
			die "make C=$cflag rejected sparse ($sparse): nothing was checked (log: $log)"
		n=$(keep_count)
		if [ -z "$checked" ]; then
			[ "$n" -gt 0 ] || die "sparse checked no file of arch/x86/kvm (log: $log)"
			checked=$n
		fi
		[ "$n" -ge "$checked" ] ||
			die "sparse's findings of $((checked - n)) file(s) of arch/x86/kvm went missing ($keep, log: $log)"
		echo "$tools" >"$keep/.tools"
		find "$keep" -type f ! -name '*.new' ! -name '.*' -exec cat {} + | sparse_findings >"$dir/$i.sparse"
	fi
	if [ "$i" -gt 0 ]; then
		# Findings of this commit that the base does not have as often.
		new=$(comm -13 "$dir/0.sparse" "$dir/$i.sparse")
		if [ -n "$new" ]; then
			printf '%s\n' "$new" | sed 's/^/    /'
			die "commit $i ($subj) adds sparse warnings (log: $log)"
		fi
		if git -C "$SERIES_SRC" diff --quiet "$c^" "$c" -- tools/testing/selftests/kvm; then
			:
		else
			RESULTS=$dir "$TOP/scripts/selftests.sh" "$SERIES_SRC" "$SERIES_BUILD" >/dev/null ||
				die "commit $i ($subj) does not build the KVM selftests (log: $dir/selftests.log)"
		fi
		if [ "$kernel" = yes ]; then
			run_logged "$log.bzImage" "commit $i ($subj) does not build the kernel" \
				make -C "$SERIES_SRC" O="$SERIES_BUILD" -j"$JOBS" CC="ccache gcc" \
					HOSTCC="ccache gcc" bzImage
			cp "$SERIES_BUILD/arch/x86/boot/bzImage" "$dir/bzImage-$i"
			cp "$SERIES_BUILD/.config" "$dir/bzImage-$i.config"
			printf '%s\n' "$subj" >"$dir/subject-$i"
		fi
	else
		say "bisect: the base has $(wc -l <"$dir/0.sparse") sparse finding(s) in arch/x86/kvm"
	fi
	rm -rf "$kept"
	mkdir -p "$kept"
	cp "$dir/$i.sparse" "$kept/sparse"
	if [ "$kernel" = yes ]; then
		cp "$dir/bzImage-$i" "$kept/bzImage"
		cp "$dir/bzImage-$i.config" "$kept/bzImage.config"
	fi
	: >"$kept/ok"
	i=$((i + 1))
done
say "bisect: $((i - 1)) patch(es) each build arch/x86/kvm, no new sparse warning"
