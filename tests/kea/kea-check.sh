#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# kea-check.sh - `pcpsel kea-check` with the Kea installed here (2.2, 2.6 or
# 3.0): the file is read by that Kea's own parser (kea-dhcpN -t), so every
# syntax Kea accepts passes (Debian's stock kea-dhcp4.conf and
# kea-dhcp6.conf, comments, trailing commas, <?include?>), what Kea refuses
# is refused with Kea's message, and the pcpsel settings are judged by the
# hook's own code (keacfg) with the hook's scope names.  Exit codes: 0
# valid (warnings included), 64 usage, 65 invalid, 74 unreadable.

: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"

[ -n "$PCPSEL" ] && [ -x "$PCPSEL" ] ||
	{ echo "PCPSEL does not name the built tool (make check)"; exit 99; }
[ -x "${PCPSEL_KEA_CHECK:-}" ] || { echo "no pcpsel-kea-check"; exit 99; }
PATH=$PATH:/usr/sbin:/sbin
command -v kea-dhcp4 >/dev/null && command -v kea-dhcp6 >/dev/null ||
	skip_all "kea-dhcp4 / kea-dhcp6 not installed"
K4=$(command -v kea-dhcp4)
K6=$(command -v kea-dhcp6)
VER=$(kea-dhcp4 -v | head -n 1)
echo "# Kea $VER"

# the hook, where every Kea (2.6 and 3.0 restrict hook paths) finds it
kea_hook_here
CHK="$PCPSEL kea-check --kea-dhcp4=$K4 --kea-dhcp6=$K6"

# ---- Debian's stock files, as the kea-dhcp4/6-server packages install them
for f in /etc/kea/kea-dhcp4.conf /etc/kea/kea-dhcp6.conf; do
	if [ -f "$f" ]; then
		run $CHK "$f"
		expect "stock $f passes" 0 "$f: pcpsel settings OK"
	else
		echo "# $f not installed"
	fi
done

# ---- Kea's syntax: three comment forms, trailing commas, <?include?>,
# "comment" keys, a subnet list in an included file
cat > "$T/subnets4.json" <<JSON
  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
    "comment": "Kea turns this into user-context",
    "user-context": { "pcp-servers": [ [ "192.0.2.33" ], ], },
    "reservations": [ { "hw-address": "02:00:00:00:00:99", "hostname": "h",
      "user-context": { "pcp-servers": [ [ "192.0.2.44" ] ] } }, ],
  }, ],
JSON
cat > "$T/good4.json" <<JSON
# shell comment
{ "Dhcp4": {
  // C++ comment
  /* C comment */
  "valid-lifetime": 600,
  <?include "$T/subnets4.json"?>
  "hooks-libraries": [ { "library": "$LIB",
    "parameters": { "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], ],
                    "always-send": false, "host-database-lookup": false, }, }, ],
}, }
JSON
run $CHK "$T/good4.json"
expect "Kea syntax and <?include?> accepted" 0 "$T/good4.json: pcpsel settings OK"
err_has "Kea's own warnings are passed on" "kea-dhcp4 warns: DHCP4_CONFIG_SYNTAX_WARNING"

# the same through standard input
run sh -c "$CHK - < '$T/good4.json'"
expect "standard input" 0 "<stdin>: pcpsel settings OK"

# a bad value inside the included file: the hook's message and scope name
sed 's/192.0.2.44/192.0.2.300/' "$T/subnets4.json" > "$T/subnets4.bad"
sed "s|$T/subnets4.json|$T/subnets4.bad|" "$T/good4.json" > "$T/bad4.json"
run $CHK "$T/bad4.json"
expect "bad value in an included file" 65
err_has "  named with the hook's scope" "pcp-servers in reservation hw-address 02:00:00:00:00:99 in subnet 192.0.2.0/24 (id 1), server 1, address 1: \"192.0.2.300\" is not an IPv4 address"
err_has "  counted" "$T/bad4.json: 1 error"

# every error of every scope is reported, in scope order
cat > "$T/many6.json" <<JSON
{ "Dhcp6": {
  "hooks-libraries": [ { "library": "$LIB",
    "parameters": { "pcp-servers": [ [ "ff02::1" ] ], "pcp-server": 1,
      "host-database-lookup": "no" } } ],
  "shared-networks": [ { "name": "campus", "subnet6": [ { "id": 7,
    "subnet": "2001:db8:7::/64",
    "user-context": { "pcp-servers": [ [ "2001:db8::1", "2001:db8::1" ] ] } } ] } ],
  "client-classes": [ { "name": "gold",
    "user-context": { "pcp-servers": "2001:db8::1" } } ],
  "reservations": [ { "duid": "00:03:00:01:02:00:00:00:00:99", "hostname": "h",
    "user-context": { "pcp-servers": [ [ ] ] } } ]
} }
JSON
run $CHK "$T/many6.json"
expect "every error, Dhcp6" 65
err_has "  unknown parameter" "hook parameters: unknown parameter \"pcp-server\" (known: pcp-servers, always-send, host-database-lookup)"
err_has "  host-database-lookup not a boolean" "host-database-lookup in hook parameters: expected true or false, got \"no\""
err_has "  parameters value" "pcp-servers in hook parameters, server 1, address 1: \"ff02::1\" is not usable as a PCP server address (multicast)"
err_has "  subnet in a shared network" "pcp-servers in subnet 2001:db8:7::/64 (id 7), server 1, address 2: \"2001:db8::1\" is already given as server 1, address 1"
err_has "  client class" "pcp-servers in client class gold: expected a list of servers (lists of addresses), got \"2001:db8::1\""
err_has "  global reservation" "pcp-servers in global reservation duid 00:03:00:01:02:00:00:00:00:99, server 1: [] is empty; a server needs at least one address"
err_has "  count" "$T/many6.json: 6 errors"

# a list too big for any reply (issue 12: 5 x 63 addresses), named with
# the limit and the value
awk 'BEGIN { printf "{ \"Dhcp4\": { \"client-classes\": [ { \"name\": \"big\", \"user-context\": { \"pcp-servers\": [";
	for (s = 0; s < 5; s++) { printf "%s[", (s ? "," : "");
		for (a = 1; a <= 63; a++) printf "%s\"198.51.%d.%d\"", (a > 1 ? "," : ""), 100 + s, a;
		printf "]" }
	print "] } } ] } }" }' > "$T/big4.json"
run $CHK "$T/big4.json"
expect "5 x 63 addresses refused" 65
err_has "  limit and value named" "pcp-servers in client class big: 5 servers (315 addresses) need at least 1260 bytes of option 158 in a reply, more than the limit of 1168"

# keys the hook ignores: warnings, exit 0
cat > "$T/warn4.json" <<JSON
{ "Dhcp4": {
  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
    "user-context": { "pcp-server": [ [ "192.0.2.1" ] ] },
    "pools": [ { "pool": "192.0.2.10 - 192.0.2.20",
      "user-context": { "pcp-servers": [ [ "192.0.2.1" ] ] } } ] } ]
} }
JSON
run $CHK "$T/warn4.json"
expect "ignored keys: still valid" 0 "$T/warn4.json: pcpsel settings OK (2 warnings)"
err_has "  misspelt key" "warning: \"pcp-server\" in the user-context of subnet 192.0.2.0/24 (id 1) is ignored: the pcpsel hook reads \"pcp-servers\""
err_has "  misplaced key" "warning: pcp-servers in the user-context of pool 192.0.2.10 - 192.0.2.20 in subnet 192.0.2.0/24 (id 1) is ignored"

# a subnet without "id": Kea 2.2 numbers it (the hook says "subnet
# PREFIX"), Kea 2.6 and 3.0 refuse it
printf '{ "Dhcp4": { "subnet4": [ { "subnet": "192.0.2.0/24", "user-context": { "pcp-servers": [ [ "0.0.0.0" ] ] } } ] } }\n' > "$T/noid4.json"
run $CHK "$T/noid4.json"
expect "subnet without id" 65
case $VER in
2.2.*) err_has "  named by its prefix" "pcp-servers in subnet 192.0.2.0/24, server 1, address 1: \"0.0.0.0\" is not usable as a PCP server address (0.0.0.0/8, this network)" ;;
*) err_has "  Kea refuses it" "kea-dhcp4: " ;;
esac

# what Kea refuses, with Kea's message
printf '{ "Dhcp4": { "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pcp-servers": [] } ] } }\n' > "$T/kw4.json"
run $CHK "$T/kw4.json"
expect "Kea refuses an unknown keyword" 65
err_has "  with Kea's message" "kea-dhcp4: "
err_has "  naming the keyword" "pcp-servers"
printf '{ "Dhcp4": { "subnet4": [ ' > "$T/trunc4.json"
run $CHK "$T/trunc4.json"
expect "truncated file" 65
err_has "  Kea's syntax error" "syntax error"

# the family: from the first key, or -4 / -6
printf '{ "Control-agent": { } }\n' > "$T/ca.json"
run $CHK "$T/ca.json"
expect "not a DHCP configuration" 65
err_has "  says which key" "not a Kea DHCP configuration: its first key is \"Control-agent\""
run $CHK -6 "$T/good4.json"
expect "-6 on a Dhcp4 file: Kea's parser says" 65
run $CHK -4 -6 "$T/good4.json"
expect "-4 and -6" 64

# without the daemon: the reader of Kea's libraries, and a note saying so
printf '# comment\n{ "Dhcp4": { "client-classes": [ { "name": "c", "user-context": { "pcp-servers": [ [ "::1" ] ] } } ] } }\n' > "$T/plain4.json"
run $PCPSEL kea-check --kea-dhcp4=/nonexistent/kea-dhcp4 "$T/plain4.json"
expect "fallback reader" 65
err_has "  says so" "note: /nonexistent/kea-dhcp4 is not installed: read with the JSON reader of Kea's libraries"
err_has "  same checks" "pcp-servers in client class c, server 1, address 1: \"::1\" is an IPv6 address; kea-dhcp4 sends only IPv4 addresses"
run $PCPSEL kea-check --kea-dhcp4=/nonexistent/kea-dhcp4 "$T/good4.json"
expect "fallback reader: no C comments" 65
err_has "  refused by that reader" "not JSON as the reader of Kea's libraries takes it"

# usage and I/O
run $PCPSEL kea-check
expect "no file" 64
run $PCPSEL kea-check --frobnicate "$T/good4.json"
expect "unknown option" 64
run $CHK "$T/missing.json"
expect "missing file" 74
err_has "  named" "$T/missing.json: No such file or directory"
run $CHK "$T/good4.json" "$T/missing.json" "$T/bad4.json"
expect "several files: the worst wins" 74 "$T/good4.json: pcpsel settings OK"
run $PCPSEL kea-check --help
rc_is "--help" 0
out_has "--help says Kea's parser reads the file" "kea-dhcp4 -t"
out_has "--help says there is no hand-written reader" "pcpsel has no hand-written reader"
run env PCPSEL_KEA_CHECK=/nonexistent/pcpsel-kea-check $PCPSEL kea-check "$T/good4.json"
expect "no pcpsel-kea-check" 74
err_has "  says why" "/nonexistent/pcpsel-kea-check is not installed: it comes with the Kea hook"
finish
