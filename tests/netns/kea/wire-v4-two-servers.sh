#!/bin/sh
# Real kea-dhcp4 with the hook, scapy client in another namespace: exact
# option-158 bytes on the wire for two servers (RFC 7291 §4.1), in OFFER,
# ACK and the ACK to INFORM; nothing without 158 in the PRL; always-send.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup

# [[192.0.2.1, 192.0.2.2], [198.51.100.1]]:
# List-Length 8, c0000201 c0000202; List-Length 4, c6336401
WANT=08c0000201c000020204c6336401
kt_conf4 "$KT_T/a.json" \
	'{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$(kt_subnet4)"
kt_start 4 "$KT_T/a.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }

kt_expect "DORA, PRL 1,3,6,158: OFFER and ACK carry $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(kt_client4 $KT_CLI_MAC --prl 1,3,6,158)"
kt_expect "DORA, PRL 1,3,6: no option 158" \
	"OFFER none
ACK none" "$(kt_client4 02:00:00:00:0a:03 --prl 1,3,6)"
kt_expect "DISCOVER without PRL: no option 158" \
	"OFFER none" "$(kt_client4 02:00:00:00:0a:04 --offer-only)"
kt_expect "INFORM, PRL 158: the ACK carries $WANT" \
	"ACK 158 $WANT" "$(kt_client4 02:00:00:00:0a:05 --prl 158 --inform 192.0.2.50)"
kt_expect_grep "debug log names the client and the scope" \
	"PCPSEL_SENT" "$KT_KEA_LOG"
kt_stop

# always-send: the option without being asked
kt_conf4 "$KT_T/b.json" \
	'{ "always-send": true, "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$(kt_subnet4)"
kt_start 4 "$KT_T/b.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }
kt_expect "always-send, PRL 1,3,6: OFFER and ACK carry $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(kt_client4 $KT_CLI_MAC --prl 1,3,6)"
kt_stop
kt_done
