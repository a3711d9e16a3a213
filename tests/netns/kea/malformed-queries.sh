#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Malformed client queries never crash kea-dhcp4 / kea-dhcp6 with the hook
# loaded, and never make the hook add a wrong option: huge, duplicated,
# empty, odd-length and truncated PRL (option 55, RFC 2132 §9.8) and ORO
# (option 6, RFC 8415 §21.7) entries, option 55 / ORO with every code,
# several instances (RFC 3396), options running past the packet, the
# option itself sent by the client, relayed DHCPv4 (option 82) and DHCPv6
# (Relay-forward, RFC 8415 §19) queries.  Each case asserts the exact
# option-158 / option-86 bytes of the reply (R7291-3/4, P-DHCP4-*), or that
# the reply has none, or that there is no reply; and that Kea's PID is
# still alive afterwards.  The cases are in tests/netns/malformed.py.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
MALFORMED=$top_srcdir/tests/netns/malformed.py
EXPLORE=
[ -n "${KEA_EXPLORE:-}" ] && EXPLORE=--explore

# the client namespace also acts as a DHCPv4 and a DHCPv6 relay agent
ns_addr cli ktc 192.0.2.2/24 2001:db8:1::2/64

# malformed FAMILY: run the cases against the Kea started last
malformed() {
	f=$1
	ns_exec cli timeout 150 $NS_PY "$MALFORMED" -$f ktc \
		$KEA_PID --src $CLI_LL --kea "$(kea_version)" $EXPLORE > "$T/m$f.out" 2>&1
	rc=$?
	sed 's/^/# /' "$T/m$f.out"
	last=$(tail -n 1 "$T/m$f.out")
	case "$last" in
	CASES*FAILED\ 0) check "v$f: malformed.py ran every case" 0 $rc ;;
	CASES*) check "v$f: malformed.py found no failure" 0 $rc ;;
	*) check "v$f: malformed.py finished" "CASES ..." "$last" ;;
	esac
	set -- $last
	CASES=$((CASES + ${2:-0}))
	PYCHECKS=$((PYCHECKS + ${4:-0}))
	check "v$f: kea-dhcp$f (pid $KEA_PID) survived every case" \
		alive "$(kill -0 $KEA_PID 2>/dev/null && echo alive)"
}
CASES=0
PYCHECKS=0

# DHCPv4: a global list, a reservation by hw-address and one by the relay
# agent's circuit-id (option 82), each with its own list; Kea's own option 42
# (sent only when requested) shows in every case whether Kea saw a request.
RES4='[ { "hw-address": "02:00:00:00:0c:09", "hostname": "hw",
	  "user-context": { "pcp-servers": [ [ "192.0.2.44" ] ] } },
	{ "circuit-id": "'"'c1'"'", "hostname": "circ",
	  "user-context": { "pcp-servers": [ [ "192.0.2.55" ] ] } } ]'
kea_conf srv 4 kts \
	'{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$(kea_subnet4 kts '' "$RES4")
	\"option-data\": [ { \"name\": \"ntp-servers\", \"data\": \"192.0.2.123\" } ],
	\"authoritative\": true,"
kea_start srv 4 || bail "kea-dhcp4 did not start"
malformed 4
ns_stop "$KEA_PID"

# DHCPv6: a global list of two servers (one given as IPv4: sent mapped) and
# a reservation by DUID with its own list; Kea's own option 23 as the
# control.
kea_conf srv 6 kts '{ "pcp-servers": [ [ "2001:db8::1" ], [ "192.0.2.1" ] ] }' \
	"$(kea_subnet6 kts | sed 's/ } ],$/, "reservations": [ { "duid": "00:03:00:01:02:00:00:00:0c:09", "hostname": "d", "user-context": { "pcp-servers": [ [ "2001:db8::44" ] ] } } ] } ],/')
	\"option-data\": [ { \"name\": \"dns-servers\", \"data\": \"2001:db8::53\" } ],"
kea_start srv 6 || bail "kea-dhcp6 did not start"
malformed 6
ns_stop "$KEA_PID"

echo "# $CASES malformed queries, $PYCHECKS checks in malformed.py"
finish
