#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-man.sh - the man pages render cleanly and say what the tool does:
#  1. `man --warnings=w` (every groff warning) prints nothing for any page,
#     at 80 columns;
#  2. the rendered text keeps what font macros can lose: no word glued to
#     "struct" (".RB ( struct x :" renders "(structx:"), no "pcpsel_" glued
#     to a word before it, every JSON key ("key":) of a page with its quotes;
#  3. every option `pcpsel COMMAND --help` lists appears in that command's
#     page with the same argument (case aside), and every command of
#     `pcpsel --help` has its section in pcpsel(8);
#  4. the ranges the pages give are the tool's: `probe --mrc` 1 to 16,
#     `probe --timeout` 1 to 86400 (the values just outside exit 64).
# Without man-db the test is skipped (77), unless PCPSEL_MAN_REQUIRED is set
# (tools/check sets it).
: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"

if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
	echo "man or groff missing (apt-get install man-db)"
	[ -n "${PCPSEL_MAN_REQUIRED:-}" ] && exit 99
	exit 77
fi
if [ -z "$PCPSEL" ] || [ ! -x "$PCPSEL" ]; then
	echo "PCPSEL does not name the built tool (run through make check)"
	exit 99
fi

pages="libpcpsel.3 pcpsel.8 pcpsel-probe.8 pcpsel-map.8 pcpsel-dhcpcd.8 pcpsel-dhclient.8 pcpsel-udhcpc.8 pcpsel-nm.8 pcpsel-servers.5"
export LC_ALL=C.UTF-8

for p in $pages; do
	src="$top_srcdir/doc/$p"
	if [ ! -f "$src" ]; then
		not_ok "$p exists"
		continue
	fi
	# 1. every groff warning, as a reader's man would render it
	MANWIDTH=80 man --warnings=w -l "$src" >"$T/$p.80" 2>"$T/$p.warn"
	if [ -s "$T/$p.warn" ]; then
		not_ok "$p: no groff warning" "$(head -n 5 "$T/$p.warn")"
	elif [ ! -s "$T/$p.80" ]; then
		not_ok "$p: no groff warning" "rendered nothing"
	else
		ok "$p: no groff warning"
	fi
	# 2. the text, in ASCII, one paragraph a line, no hyphenation
	MANWIDTH=1000 man --nh --nj -E ascii -l "$src" 2>/dev/null |
	    col -bx >"$T/$p.txt"
	if grep -n -E '(^|[^[:alnum:]_])struct[[:alnum:]_]' "$T/$p.txt" \
	    >"$T/glued"; then
		not_ok "$p: \"struct\" is followed by a space" \
		    "$(head -n 3 "$T/glued" | cut -c1-160)"
	else
		ok "$p: \"struct\" is followed by a space"
	fi
	if grep -n -E '[[:alnum:]]pcpsel_' "$T/$p.txt" | grep -v -E \
	    'libpcpsel_|[A-Z_]PCPSEL_' >"$T/glued"; then
		not_ok "$p: no word glued to pcpsel_" \
		    "$(head -n 3 "$T/glued" | cut -c1-160)"
	else
		ok "$p: no word glued to pcpsel_"
	fi
	keys=$(grep -o -E '"[a-z_]+":' "$src" | LC_ALL=C sort -u)
	if [ -n "$keys" ]; then
		miss=""
		for k in $keys; do
			grep -F -q -e "$k" "$T/$p.txt" || miss="$miss $k"
		done
		if [ -n "$miss" ]; then
			not_ok "$p: JSON keys keep their quotes" \
			    "not in the rendered text:$miss"
		else
			ok "$p: JSON keys keep their quotes ($(echo "$keys" |
			    wc -l) keys)"
		fi
	fi
done

# 3. --help against the pages.  An option line of --help: "  [-x, ]--opt
# [ARG]  text"; its page must show "--opt ARG" (case aside).
page_of()
{
	case "$1" in
	probe) echo pcpsel-probe.8 ;;
	map) echo pcpsel-map.8 ;;
	dhcpcd) echo pcpsel-dhcpcd.8 ;;
	dhclient) echo pcpsel-dhclient.8 ;;
	udhcpc) echo pcpsel-udhcpc.8 ;;
	nm) echo pcpsel-nm.8 ;;
	*) echo pcpsel.8 ;;
	esac
}
"$PCPSEL" --help >"$T/help" 2>&1
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$T/help")
if [ -z "$cmds" ]; then
	not_ok "pcpsel --help lists commands" "$(head -n 5 "$T/help")"
fi
for c in $cmds; do
	if grep -q -E "^ *pcpsel $c( |$)" "$T/pcpsel.8.txt"; then
		ok "pcpsel(8) shows pcpsel $c"
	else
		not_ok "pcpsel(8) shows pcpsel $c"
	fi
	page=$(page_of "$c")
	"$PCPSEL" "$c" --help >"$T/help-$c" 2>&1
	# a pcpsel built without Kea (the sanitizer build of tools/check) has
	# no pcpsel-kea-check, whose --help this is: nothing to compare
	if [ "$c" = kea-check ] && grep -q "without Kea's headers" "$T/help-$c"; then
		ok "pcpsel kea-check --help # SKIP this pcpsel was built without Kea"
		continue
	fi
	sed -n 's/^ \{1,\}\(-[[:alnum:]], \)\{0,1\}\(--[[:alnum:]-]\{1,\}\)\( \([^ ]\{1,\}\)\)\{0,1\}.*/\2 \4/p' \
	    "$T/help-$c" | sed 's/ *$//' | LC_ALL=C sort -u >"$T/opts-$c"
	if [ ! -s "$T/opts-$c" ]; then
		not_ok "pcpsel $c --help lists options"
		continue
	fi
	while IFS= read -r opt; do
		[ "$opt" = "--help" ] && continue
		# the argument must follow the option in the page; a word of
		# the description (lower case, no metacharacter) is not one
		case "${opt#* }" in
		"$opt") want="$opt" ;;
		*[A-Z\|\[]*) want="$opt" ;;
		*) want="${opt%% *}" ;;
		esac
		if grep -q -i -F -e "$want" "$T/$page.txt"; then
			ok "pcpsel $c: \"$want\" in $page"
		else
			not_ok "pcpsel $c: \"$want\" in $page" \
			    "$page has: $(grep -o -i -E -e "${opt%% *}( [^ ]+)?" \
			    "$T/$page.txt" | LC_ALL=C sort -u | tr '\n' ';')"
		fi
	done <"$T/opts-$c"
done

# 4. the ranges the pages give are the ones the tool takes
range()
{	# NAME OPTION LOW HIGH PAGE
	if tr '\n' ' ' <"$T/$5.txt" | grep -q -E -e "$1"; then
		ok "$5 gives $2 $3 to $4"
	else
		not_ok "$5 gives $2 $3 to $4"
	fi
	if grep -q -F -e "$3 to $4" "$T/help-probe"; then
		ok "probe --help gives $2 $3 to $4"
	else
		not_ok "probe --help gives $2 $3 to $4" "$(grep -F -e "$2" "$T/help-probe")"
	fi
	for v in $(($3 - 1)) $(($4 + 1)); do
		run "$PCPSEL" probe --dir "$T/none" "$2" "$v"
		rc_is "probe $2 $v refused as usage" 64
		err_has "probe $2 $v: the message names the range" "$3 to $4"
	done
}
range '--mrc N +Transmissions per address, 1 to 16' --mrc 1 16 pcpsel-probe.8
range '--timeout SECONDS +Stop after this long \(1 to 86400' --timeout 1 86400 \
    pcpsel-probe.8
finish
