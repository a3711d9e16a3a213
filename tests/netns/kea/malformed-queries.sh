#!/bin/sh
# Malformed client queries never crash kea-dhcp4 / kea-dhcp6 with the hook
# loaded, and never make the hook add a wrong option: huge, duplicated,
# empty, odd-length and truncated PRL (option 55, RFC 2132 §9.8) and ORO
# (option 6, RFC 8415 §21.7) entries, option 55 / ORO with every code,
# several instances (RFC 3396), options running past the packet, the
# option itself sent by the client, relayed DHCPv4 (option 82) and DHCPv6
# (Relay-forward, RFC 8415 §19) queries.  Each case asserts the exact
# option-158 / option-86 bytes of the reply (R7291-3/4, P-DHCP4-*), or that
# the reply has none, or that there is no reply; and that Kea's PID is
# still alive afterwards.  The cases are in tests/kea/malformed.py.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup
MALFORMED=$KT_SRCDIR/tests/kea/malformed.py
[ -n "$KT_EXPLORE" ] && KT_EXPLORE=--explore

# the client namespace also acts as a DHCPv4 and a DHCPv6 relay agent
ip -n $KT_CLI addr add 192.0.2.2/24 dev $KT_CIF
ip -n $KT_CLI addr add 2001:db8:1::2/64 dev $KT_CIF nodad

# kt_malformed FAMILY: run the cases against the Kea started last
kt_malformed() {
	f=$1
	ip netns exec $KT_CLI timeout 150 $KT_PY "$MALFORMED" -$f $KT_CIF \
		$KT_KEA_PID --src $KT_CLI_LL $KT_EXPLORE > "$KT_T/m$f.out" 2>&1
	rc=$?
	cat "$KT_T/m$f.out"
	last=$(tail -n 1 "$KT_T/m$f.out")
	case "$last" in
	CASES*FAILED\ 0) kt_expect "v$f: malformed.py ran every case" 0 $rc ;;
	CASES*) kt_expect "v$f: malformed.py found no failure" 0 $rc ;;
	*) kt_expect "v$f: malformed.py finished" "CASES ..." "$last" ;;
	esac
	set -- $last
	KT_CASES=$((KT_CASES + ${2:-0}))
	KT_PYCHECKS=$((KT_PYCHECKS + ${4:-0}))
	kt_expect "v$f: kea-dhcp$f (pid $KT_KEA_PID) survived every case" \
		alive "$(kill -0 $KT_KEA_PID 2>/dev/null && echo alive)"
}
KT_CASES=0
KT_PYCHECKS=0

# DHCPv4: a global list, a reservation by hw-address and one by the relay
# agent's circuit-id (option 82), each with its own list; Kea's own option 42
# (sent only when requested) shows in every case whether Kea saw a request.
RES4='[ { "hw-address": "02:00:00:00:0c:09", "hostname": "hw",
	  "user-context": { "pcp-servers": [ [ "192.0.2.44" ] ] } },
	{ "circuit-id": "'"'c1'"'", "hostname": "circ",
	  "user-context": { "pcp-servers": [ [ "192.0.2.55" ] ] } } ]'
kt_conf4 "$KT_T/a.json" \
	'{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$(kt_subnet4 '' "$RES4")
	\"option-data\": [ { \"name\": \"ntp-servers\", \"data\": \"192.0.2.123\" } ],
	\"authoritative\": true,"
kt_start 4 "$KT_T/a.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }
kt_malformed 4
kt_stop

# DHCPv6: a global list of two servers (one given as IPv4: sent mapped) and
# a reservation by DUID with its own list; Kea's own option 23 as the
# control.
kt_conf6 "$KT_T/b.json" '{ "pcp-servers": [ [ "2001:db8::1" ], [ "192.0.2.1" ] ] }' \
	"$(kt_subnet6 | sed 's/ } ],$/, "reservations": [ { "duid": "00:03:00:01:02:00:00:00:0c:09", "hostname": "d", "user-context": { "pcp-servers": [ [ "2001:db8::44" ] ] } } ] } ],/')
	\"option-data\": [ { \"name\": \"dns-servers\", \"data\": \"2001:db8::53\" } ],"
kt_start 6 "$KT_T/b.json" || { KT_FAIL=1; echo "FAIL kea-dhcp6 did not start"; kt_done; }
kt_malformed 6
kt_stop

echo "$KT_CASES malformed queries, $KT_PYCHECKS checks in malformed.py"
kt_done
