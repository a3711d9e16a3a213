#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Real kea-dhcp4 with the hook, scapy client in another namespace: exact
# option-158 bytes on the wire for two servers (RFC 7291 §4.1), in OFFER,
# ACK and the ACK to INFORM; nothing without 158 in the PRL; always-send.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

# [[192.0.2.1, 192.0.2.2], [198.51.100.1]]:
# List-Length 8, c0000201 c0000202; List-Length 4, c6336401
WANT=08c0000201c000020204c6336401
kea_conf srv 4 kts \
	'{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$(kea_subnet4 kts)"
kea_start srv 4 || bail "kea-dhcp4 did not start"

check "DORA, PRL 1,3,6,158: OFFER and ACK carry $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 $CLI_MAC --prl 1,3,6,158)"
check "DORA, PRL 1,3,6: no option 158" \
	"OFFER none
ACK none" "$(client4 02:00:00:00:0a:03 --prl 1,3,6)"
check "DISCOVER without PRL: no option 158" \
	"OFFER none" "$(client4 02:00:00:00:0a:04 --offer-only)"
check "INFORM, PRL 158: the ACK carries $WANT" \
	"ACK 158 $WANT" "$(client4 02:00:00:00:0a:05 --prl 158 --inform 192.0.2.50)"
check_grep "debug log names the client and the scope" \
	"PCPSEL_SENT" "$KEA_LOG"
ns_stop "$KEA_PID"

# always-send: the option without being asked
kea_conf srv 4 kts \
	'{ "always-send": true, "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$(kea_subnet4 kts)"
kea_start srv 4 || bail "kea-dhcp4 did not start"
check "always-send, PRL 1,3,6: OFFER and ACK carry $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 $CLI_MAC --prl 1,3,6)"
ns_stop "$KEA_PID"
finish
