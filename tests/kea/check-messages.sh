#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The hand-written pcpsel_messages.h / .cc match pcpsel_messages.mes (there
# is no kea-msg-compiler on Debian 12): same IDs, same texts, sorted.
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
d=$top_srcdir/kea-hook
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
sed -n 's/^% \([A-Z0-9_]*\) \(.*\)$/\1 \2/p' "$d/pcpsel_messages.mes" > "$T/mes"
sed -n 's/^    "\([A-Z0-9_]*\)", "\(.*\)",$/\1 \2/p' "$d/pcpsel_messages.cc" |
	sed 's/\\"/"/g' > "$T/cc"
sed -n 's/^extern const isc::log::MessageID \([A-Z0-9_]*\);$/\1/p' \
	"$d/pcpsel_messages.h" > "$T/h"
sed -n 's/^extern const isc::log::MessageID \([A-Z0-9_]*\) = "\1";$/\1/p' \
	"$d/pcpsel_messages.cc" > "$T/ccid"
rc=0
n=$(wc -l < "$T/mes")
[ "$n" -gt 0 ] || { echo "FAIL no message in the .mes file"; exit 1; }
if cmp -s "$T/mes" "$T/cc"; then
	echo "ok   $n message texts in pcpsel_messages.cc equal the .mes file"
else
	echo "FAIL message texts differ:"; diff "$T/mes" "$T/cc"; rc=1
fi
cut -d' ' -f1 "$T/mes" | sort > "$T/ids"
if cmp -s "$T/ids" "$T/h" && cmp -s "$T/ids" "$T/ccid"; then
	echo "ok   the $n IDs are declared in the .h and defined in the .cc, sorted"
else
	echo "FAIL IDs differ between .mes, .h and .cc"; rc=1
fi
# every PCPSEL_* ID used in the code is documented
for id in $(grep -oh 'PCPSEL_[A-Z0-9_]*' "$d"/*.cc | grep -v _H$ | sort -u); do
	# constants of the library's header are not messages
	grep -q "$id" "$top_srcdir/libpcpsel/pcpsel.h" && continue
	grep -qx "$id" "$T/ids" || { echo "FAIL $id used but not in the .mes file"; rc=1; }
done
[ $rc = 0 ] && echo "ok   every PCPSEL_* ID used in the code is documented"
exit $rc
