#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# hook-symbols.sh - what libdhcp_pcpsel.so exports, and what its type checks
# bind to (kea-hook/libdhcp_pcpsel.sym):
#  - it exports Kea's entry points and, besides them, only the type
#    information of Kea's types (isc::dhcp::..., boost::shared_ptr<
#    isc::dhcp::...>): no pcpsel_ symbol of the linked-in library, nothing
#    else;
#  - loaded by the Kea installed here (kea-dhcpN -t), the module's
#    references to the type information of the types its per-reply path
#    checks (the options it reads, the packets Kea passes as callout
#    arguments) bind to Kea's own objects, not to copies in the module: a
#    type check is then a comparison of two pointers (BENCHMARKS.md,
#    Round 2e: 0.13 k instructions per DHCPv4 reply when they were
#    copies, compared by name).
: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"

kea_hook_here
command -v nm >/dev/null || skip_all "nm missing"
PATH=$PATH:/usr/sbin:/sbin
command -v kea-dhcp4 >/dev/null && command -v kea-dhcp6 >/dev/null ||
	skip_all "kea-dhcp4 / kea-dhcp6 not installed"

# ---- the exports
nm -D --defined-only "$HOOK" | awk '$2 ~ /^[TDBRVW]$/ {
	split($3, p, "@"); print p[1] }' | sort > "$T/got"
# the entry points: the names the script lists, patterns left out
awk '/^global:/ { g = 1; next } /^local:/ { g = 0 }
	g && /^[ \t]*[a-z_0-9]+;/ { gsub(/[ \t;]/, ""); print }' \
	"$top_srcdir/kea-hook/libdhcp_pcpsel.sym" | sort > "$T/entry"
check "the script lists the 9 entry points" 9 "$(wc -l < "$T/entry")"
check "every entry point is exported" "" \
	"$(comm -23 "$T/entry" "$T/got" | tr '\n' ' ')"
check "nothing else but Kea's types' type information is exported" "" \
	"$(comm -13 "$T/entry" "$T/got" |
	    grep -Ev '^_ZT[IS](N3isc4dhcp|N5boost10shared_ptrIN3isc4dhcp)' |
	    tr '\n' ' ')"

# ---- the bindings, in each daemon: a configuration check loads the hook
# (LIB, where kea_hook_here linked it)

# binds FAMILY NAME...: for each NAME, the files the module's reference to
# it binds to, as "NAME FILE" lines (none: not bound at all)
binds()
{
	local fam n
	fam=$1
	shift
	cat > "$T/k$fam.json" <<JSON
{ "Dhcp$fam": { "hooks-libraries": [ { "library": "$LIB",
  "parameters": { "pcp-servers": [ [ "$([ "$fam" = 4 ] && echo 192.0.2.1 || echo 2001:db8::1)" ] ] } } ] } }
JSON
	rm -f "$T/ld$fam".*
	LD_DEBUG=bindings LD_DEBUG_OUTPUT=$T/ld$fam "kea-dhcp$fam" -t "$T/k$fam.json" \
	    > "$T/t$fam.out" 2>&1 ||
	    { sed 's/^/# /' "$T/t$fam.out"; echo "kea-dhcp$fam -t failed"; }
	for n in "$@"; do
		cat "$T/ld$fam".* 2>/dev/null |
		    grep "file [^ ]*libdhcp_pcpsel.so \[0\] to .*symbol \`$n'" |
		    sed "s/.* to \([^ ]*\) \[.*/$n \1/" | sort -u
	done
}

# the options the per-reply paths check (pcpsel_impl.cc, as<T>) and the
# packets of the callout arguments: for templates, the name of their type
# information (what a type check compares first; each module using one
# has a copy); Option6IAAddr, a class with its virtual functions in Kea's
# library, has a single type_info object there, referenced as such
for fam in 4 6; do
	if [ "$fam" = 4 ]; then
		names="_ZTSN3isc4dhcp9OptionIntIhEE _ZTSN3isc4dhcp9OptionIntItEE
		    _ZTSN3isc4dhcp14OptionIntArrayIhEE
		    _ZTSN5boost10shared_ptrIN3isc4dhcp4Pkt4EEE"
	else
		names="_ZTSN3isc4dhcp14OptionIntArrayItEE
		    _ZTIN3isc4dhcp13Option6IAAddrE
		    _ZTSN5boost10shared_ptrIN3isc4dhcp4Pkt6EEE"
	fi
	binds "$fam" $names > "$T/b$fam"
	sed "s/^/# kea-dhcp$fam: /" "$T/b$fam"
	for n in $names; do
		b=$(awk -v n="$n" '$1 == n { print $2 }' "$T/b$fam")
		case $b in
		"") not_ok "kea-dhcp$fam: the module's $n binds to Kea's" \
		    "not bound (a local copy)" ;;
		*libdhcp_pcpsel.so*) not_ok \
		    "kea-dhcp$fam: the module's $n binds to Kea's" "bound to $b" ;;
		*) ok "kea-dhcp$fam: the module's $n binds to Kea's ($(basename "$b"))" ;;
		esac
	done
done
finish
