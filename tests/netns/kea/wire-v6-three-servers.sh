#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Real kea-dhcp6: three PCP servers give three option-86 instances, one per
# server (R7291-4), the IPv4 one IPv4-mapped (R7291-3, R7291-19), in
# ADVERTISE, REPLY and the REPLY to Information-request; nothing without 86
# in the ORO; a subnet's list overrides the global one; always-send.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

A=20010db8000000000000000000000001
BC=20010db800000000000000000000000220010db8000000000000000000000003
D=00000000000000000000ffffc0000201
P='{ "pcp-servers": [ [ "2001:db8::1" ], [ "2001:db8::2", "2001:db8::3" ], [ "192.0.2.1" ] ] }'
kea_conf srv 6 kts "$P" "$(kea_subnet6 kts)"
kea_start srv 6 || bail "kea-dhcp6 did not start"
check "SOLICIT/REQUEST, ORO 23,86: ADVERTISE and REPLY carry three instances" \
	"ADVERTISE 86 $A
ADVERTISE 86 $BC
ADVERTISE 86 $D
REPLY 86 $A
REPLY 86 $BC
REPLY 86 $D" "$(client6 --oro 23,86)"
check "Information-request, ORO 86: REPLY carries three instances" \
	"REPLY 86 $A
REPLY 86 $BC
REPLY 86 $D" "$(client6 --oro 86 --inforeq)"
check "SOLICIT/REQUEST, ORO 23: no option 86" \
	"ADVERTISE none
REPLY none" "$(client6 --oro 23)"
ns_stop "$KEA_PID"

# a subnet list, and always-send
kea_conf srv 6 kts '{ "always-send": true, "pcp-servers": [ [ "2001:db8::1" ] ] }' \
	"$(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::9", "192.0.2.9" ] ] }')"
kea_start srv 6 || bail "kea-dhcp6 did not start"
S=20010db800010000000000000000000900000000000000000000ffffc0000209
check "always-send, no ORO: the subnet's one server, one instance" \
	"ADVERTISE 86 $S
REPLY 86 $S" "$(client6)"
check "always-send, Information-request: the subnet's server" \
	"REPLY 86 $S" "$(client6 --inforeq)"
ns_stop "$KEA_PID"
finish
