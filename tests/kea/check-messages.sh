#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The hand-written pcpsel_messages.h / .cc match pcpsel_messages.mes (there
# is no kea-msg-compiler on Debian 12): same IDs, same texts, sorted.
# Three checks (tests/lib.sh).
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib.sh"
d=$top_srcdir/kea-hook
sed -n 's/^% \([A-Z0-9_]*\) \(.*\)$/\1 \2/p' "$d/pcpsel_messages.mes" > "$T/mes"
sed -n 's/^    "\([A-Z0-9_]*\)", "\(.*\)",$/\1 \2/p' "$d/pcpsel_messages.cc" |
	sed 's/\\"/"/g' > "$T/cc"
sed -n 's/^extern const isc::log::MessageID \([A-Z0-9_]*\);$/\1/p' \
	"$d/pcpsel_messages.h" > "$T/h"
sed -n 's/^extern const isc::log::MessageID \([A-Z0-9_]*\) = "\1";$/\1/p' \
	"$d/pcpsel_messages.cc" > "$T/ccid"
n=$(wc -l < "$T/mes")
if [ "$n" -eq 0 ]; then
	not_ok "the .mes file has messages" "none in $d/pcpsel_messages.mes"
	finish
fi
if cmp -s "$T/mes" "$T/cc"; then
	ok "$n message texts in pcpsel_messages.cc equal the .mes file"
else
	not_ok "message texts in pcpsel_messages.cc equal the .mes file" \
	    "they differ (< .mes, > .cc):"
	diff "$T/mes" "$T/cc" | sed 's/^/#     /'
fi
cut -d' ' -f1 "$T/mes" | sort > "$T/ids"
if cmp -s "$T/ids" "$T/h" && cmp -s "$T/ids" "$T/ccid"; then
	ok "the $n IDs are declared in the .h and defined in the .cc, sorted"
else
	not_ok "the $n IDs are declared in the .h and defined in the .cc, sorted" \
	    "IDs differ between .mes, .h and .cc"
fi
# every PCPSEL_* ID used in the code is documented
: > "$T/undocumented"
for id in $(grep -oh 'PCPSEL_[A-Z0-9_]*' "$d"/*.cc | grep -v _H$ | sort -u); do
	# constants of the library's header are not messages
	grep -q "$id" "$top_srcdir/libpcpsel/pcpsel.h" && continue
	grep -qx "$id" "$T/ids" || echo "$id" >> "$T/undocumented"
done
if [ -s "$T/undocumented" ]; then
	not_ok "every PCPSEL_* ID used in the code is documented" \
	    "used but not in the .mes file: $(tr '\n' ' ' < "$T/undocumented" | sed 's/ $//')"
else
	ok "every PCPSEL_* ID used in the code is documented"
fi
finish
