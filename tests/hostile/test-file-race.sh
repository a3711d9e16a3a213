#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Issue 5, "Files and names": concurrent pcpsel_file_write for one
# interface (4 writer processes) and pcpsel_file_read in a loop (3 reader
# processes): every read is a complete list that was written, no update is
# lost (tests/hostile/file-race.c says how).  Then the self-test: the same
# program with writers that truncate and write in place (-x) must FAIL, or
# the checks prove nothing.  No root needed.
set -u
: "${top_builddir:?}"
prog=$top_builddir/tests/hostile/file-race
[ -x "$prog" ] || { echo "SKIP: no $prog"; exit 77; }
RACE_WRITES=${RACE_WRITES:-800}

out=$(mktemp "${TMPDIR:-/tmp}/pcpsel-file-race.XXXXXX") || exit 99
trap 'rm -f "$out"' EXIT
rc=0
"$prog" -w 4 -r 3 -n "$RACE_WRITES" -t 90 > "$out" || rc=$?
cat "$out"
passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^not ok ' "$out")
case $rc in
0) ;;
99) echo "FAIL: file-race could not run"; exit 99 ;;
*) echo "$passed passed, $failed failed"; exit 1 ;;
esac

echo "# self-test: non-atomic writers must be caught"
src=0
"$prog" -w 4 -r 3 -n 200 -t 60 -x > /dev/null 2>&1 || src=$?
if [ "$src" != 1 ]; then
	echo "not ok - self-test: non-atomic writers: exit $src, not 1"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
fi
echo "ok - self-test: non-atomic writers are caught"
echo "$((passed + 1)) passed, $failed failed"
exit 0
