#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-spdx.sh - every source, script, man page and build file of the tree
# carries "SPDX-License-Identifier: BSD-2-Clause" (LICENSE) in its own
# comment syntax; the rules, and the files exempt and why, are in tools/spdx.
# `tools/spdx` adds the missing lines.
: "${top_srcdir:=$(dirname "$0")/../..}"
# Without git (or its .git), every file of the tree is looked at; in a
# tree that is also its own build tree (dpkg-buildpackage builds in the
# source) the build's products cannot be told from sources: skipped, with
# the reason.
if [ -f "$top_srcdir/config.status" ] && ! { [ -e "$top_srcdir/.git" ] &&
    command -v git >/dev/null 2>&1 &&
    git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; }; then
	echo "1..0 # SKIP in-tree build of a tree without git: tools/spdx --check on a clean tree"
	exit 77
fi
out=$("$top_srcdir/tools/spdx" --check "$top_srcdir" 2>&1)
rc=$?
printf '%s\n' "$out" | head -n 200
case $rc in
0) echo "every file has its SPDX line"; exit 0 ;;
1) exit 1 ;;
*) echo "tools/spdx failed (exit $rc)"; exit 99 ;;
esac
