#!/bin/sh
# Real kea-dhcp6: three PCP servers give three option-86 instances, one per
# server (R7291-4), the IPv4 one IPv4-mapped (R7291-3, R7291-19), in
# ADVERTISE, REPLY and the REPLY to Information-request; nothing without 86
# in the ORO; a subnet's list overrides the global one; always-send.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup

A=20010db8000000000000000000000001
BC=20010db800000000000000000000000220010db8000000000000000000000003
D=00000000000000000000ffffc0000201
P='{ "pcp-servers": [ [ "2001:db8::1" ], [ "2001:db8::2", "2001:db8::3" ], [ "192.0.2.1" ] ] }'
kt_conf6 "$KT_T/a.json" "$P" "$(kt_subnet6)"
kt_start 6 "$KT_T/a.json" || { KT_FAIL=1; echo "FAIL kea-dhcp6 did not start"; kt_done; }
kt_expect "SOLICIT/REQUEST, ORO 23,86: ADVERTISE and REPLY carry three instances" \
	"ADVERTISE 86 $A
ADVERTISE 86 $BC
ADVERTISE 86 $D
REPLY 86 $A
REPLY 86 $BC
REPLY 86 $D" "$(kt_client6 --oro 23,86)"
kt_expect "Information-request, ORO 86: REPLY carries three instances" \
	"REPLY 86 $A
REPLY 86 $BC
REPLY 86 $D" "$(kt_client6 --oro 86 --inforeq)"
kt_expect "SOLICIT/REQUEST, ORO 23: no option 86" \
	"ADVERTISE none
REPLY none" "$(kt_client6 --oro 23)"
kt_stop

# a subnet list, and always-send
kt_conf6 "$KT_T/b.json" '{ "always-send": true, "pcp-servers": [ [ "2001:db8::1" ] ] }' \
	"$(kt_subnet6 '{ "pcp-servers": [ [ "2001:db8:1::9", "192.0.2.9" ] ] }')"
kt_start 6 "$KT_T/b.json" || { KT_FAIL=1; echo "FAIL kea-dhcp6 did not start"; kt_done; }
S=20010db800010000000000000000000900000000000000000000ffffc0000209
kt_expect "always-send, no ORO: the subnet's one server, one instance" \
	"ADVERTISE 86 $S
REPLY 86 $S" "$(kt_client6)"
kt_expect "always-send, Information-request: the subnet's server" \
	"REPLY 86 $S" "$(kt_client6 --inforeq)"
kt_stop
kt_done
