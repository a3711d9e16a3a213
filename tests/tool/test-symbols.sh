#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-symbols.sh - what libpcpsel.so exports is exactly what
# libpcpsel/libpcpsel.sym lists (STYLE.md: a version script with an
# explicit symbol list, a node per release):
#  - every dynamic symbol starts with pcpsel_;
#  - every symbol of the script is exported, in the node it is listed in;
#  - nothing is exported that the script does not list;
#  - the soname is libpcpsel.so.1 and the node of 0.1.0 (PCPSEL_0) holds
#    57 symbols: 0.1.0's 60 less the three pcpsel_kea_* functions whose
#    removal (the Kea configuration code left the library in 0.2.0) made
#    the new soname; removing another one needs the next soname.
# One check (tests/lib.sh), each problem found a line before it.
. "$top_srcdir/tests/lib.sh"
lib=$(ls "$top_builddir"/.libs/libpcpsel.so.[0-9]* 2>/dev/null | head -n 1)
sym="$top_srcdir/libpcpsel/libpcpsel.sym"
[ -n "$lib" ] || { echo "libpcpsel.so not built"; exit 1; }
command -v nm >/dev/null || skip_all "nm missing"
fail=0
got=$T/got
want=$T/want

# "name node" of every defined dynamic symbol (the node names themselves,
# absolute symbols of type A, are left out)
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {
	split($3, p, "@"); n = p[1]; v = p[length(p)]; print n, v }' |
	sort > "$got"
# "name node" as the script lists them
awk '
	{ sub(/\/\*.*\*\//, "") }
	/^[A-Za-z_0-9.]+ *\{/ { node = $1; sub(/\{.*/, "", node); next }
	/^[ \t]*(global|local):/ { next }
	/^[ \t]*pcpsel_[a-z0-9_]+;/ { gsub(/[ \t;]/, ""); print $0, node }
' "$sym" | sort > "$want"

[ -s "$got" ] || { echo "no exported symbols found in $lib"; exit 1; }
bad=$(awk '$1 !~ /^pcpsel_/ { print $1 }' "$got")
if [ -n "$bad" ]; then
	echo "symbols leaking from $lib without the pcpsel_ prefix:"
	printf '  %s\n' $bad
	fail=1
fi
if ! cmp -s "$got" "$want"; then
	echo "exported symbols (+) and libpcpsel.sym (-) differ:"
	diff "$want" "$got" | sed -n 's/^</  -/p; s/^>/  +/p'
	fail=1
fi
# every function pcpsel.h declares PCPSEL_EXPORT is exported
decl=$(tr '\n' ' ' < "$top_srcdir/libpcpsel/pcpsel.h" |
	grep -o 'PCPSEL_EXPORT[^;(]*pcpsel_[a-z0-9_]* *(' |
	sed 's/.*\(pcpsel_[a-z0-9_]*\) *(/\1/' | sort -u)
[ -n "$decl" ] || { echo "no PCPSEL_EXPORT declaration found"; fail=1; }
for d in $decl; do
	grep -q "^$d " "$got" || { echo "declared in pcpsel.h, not exported: $d"; fail=1; }
done
old=$(awk '$2 == "PCPSEL_0"' "$want" | wc -l)
if [ "$old" -ne 57 ]; then
	echo "node PCPSEL_0 (0.1.0) lists $old symbols, not 57"
	fail=1
fi
case $lib in
*/libpcpsel.so.1|*/libpcpsel.so.1.*) ;;
*) echo "soname: $lib, expected libpcpsel.so.1"; fail=1 ;;
esac
if [ $fail -eq 0 ]; then
	ok "$(wc -l < "$got") exported symbols, all listed in libpcpsel.sym ($(awk '{ print $2 }' "$got" | sort -u | tr '\n' ' ' | sed 's/ $//'))"
else
	not_ok "the exported symbols are those libpcpsel.sym lists (above)"
fi
finish
