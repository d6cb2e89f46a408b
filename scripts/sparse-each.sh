#!/bin/sh
# sparse-each.sh ARG...: the checker (CHECK=) of bisect.sh's builds.  Run
# sparse (SPARSE) with Kbuild's arguments; when the last one is a C file,
# also keep its findings in SPARSE_KEEP/, one file per source file, so
# that a build with C=1, which checks only the files it compiles, still
# yields the findings of every file: those it did not compile are the
# same as when they last were.  Any other call (the kernel's test of its
# checker) goes to sparse as it is.
set -u
for src; do :; done
case ${src:-} in
*.c) ;;
*) exec "$SPARSE" "$@" ;;
esac
keep=$SPARSE_KEEP/$(printf '%s' "$src" | sed 's#^\(\.\./\)*##; s#/#%#g')
rc=0
"$SPARSE" "$@" 2>"$keep.new" || rc=$?
cat "$keep.new" >&2
if [ "$rc" -eq 0 ]; then mv "$keep.new" "$keep"; else rm -f "$keep.new"; fi
exit "$rc"
