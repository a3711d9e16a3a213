#!/bin/sh
# Every dynamic symbol libpcpsel.so exports starts with pcpsel_ (STYLE.md).
lib=$(ls "$top_builddir"/.libs/libpcpsel.so.[0-9]* 2>/dev/null | head -n 1)
[ -n "$lib" ] || { echo "libpcpsel.so not built"; exit 1; }
command -v nm >/dev/null || { echo "nm missing"; exit 77; }
all=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sed 's/@.*//')
[ -n "$all" ] || { echo "no exported symbols found in $lib"; exit 1; }
bad=$(printf '%s\n' "$all" | grep -v '^pcpsel_' | grep -v '^PCPSEL_' || true)
if [ -n "$bad" ]; then
	echo "symbols leaking from $lib without the pcpsel_ prefix:"
	printf '  %s\n' $bad
	exit 1
fi
echo "$(printf '%s\n' "$all" | wc -l) exported symbols, all pcpsel_*"
