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
: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"
prog=$top_builddir/tests/hostile/file-race
[ -x "$prog" ] || skip_all "no $prog"
RACE_WRITES=${RACE_WRITES:-800}

out=$T/file-race.out
rc=0
"$prog" -w 4 -r 3 -n "$RACE_WRITES" -t 90 > "$out" || rc=$?
cat "$out"
# file-race's own checks count with this script's
tap_count "$out"
case $rc in
0) ;;
99) echo "FAIL: file-race could not run"; exit 99 ;;
*)
	grep -q '^not ok ' "$out" || not_ok "file-race: exit $rc, no failed check"
	finish
	;;
esac

echo "# self-test: non-atomic writers must be caught"
src=0
"$prog" -w 4 -r 3 -n 200 -t 60 -x > /dev/null 2>&1 || src=$?
if [ "$src" != 1 ]; then
	not_ok "self-test: non-atomic writers: exit $src, not 1"
else
	ok "self-test: non-atomic writers are caught"
fi
finish
