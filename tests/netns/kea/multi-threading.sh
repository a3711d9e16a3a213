#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Real kea-dhcp4 and kea-dhcp6 with multi-threading enabled: Kea accepts the
# library (multi_threading_compatible() is 1) and replies handled by its
# packet threads carry the right bytes, also for clients served at once.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

MT='"multi-threading": { "enable-multi-threading": true,
	"thread-pool-size": 4, "packet-queue-size": 64 },'
WANT=08c0000201c000020204c6336401
kea_conf srv 4 kts \
	'{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$MT $(kea_subnet4 kts '{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }')"
kea_start srv 4 || bail "kea-dhcp4 did not start"
check_grep "kea-dhcp4 runs multi-threaded with the hook" \
	"DHCP4_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KEA_LOG"
# eight clients at the same time
pids=
for i in 1 2 3 4 5 6 7 8; do
	client4 02:00:00:00:0b:0$i --prl 1,3,158 > "$T/c$i.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait $p
done
for i in 1 2 3 4 5 6 7 8; do
	check "client $i of 8 in parallel: OFFER and ACK carry $WANT" \
		"OFFER 158 $WANT
ACK 158 $WANT" "$(cat "$T/c$i.out")"
done
ns_stop "$KEA_PID"

S=20010db8000000000000000000000001
kea_conf srv 6 kts '{ "pcp-servers": [ [ "2001:db8::1" ], [ "192.0.2.1" ] ] }' \
	"$MT $(kea_subnet6 kts)"
kea_start srv 6 || bail "kea-dhcp6 did not start"
check_grep "kea-dhcp6 runs multi-threaded with the hook" \
	"DHCP6_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KEA_LOG"
check "v6 multi-threaded: ADVERTISE and REPLY carry two instances" \
	"ADVERTISE 86 $S
ADVERTISE 86 00000000000000000000ffffc0000201
REPLY 86 $S
REPLY 86 00000000000000000000ffffc0000201" "$(client6 --oro 86)"
ns_stop "$KEA_PID"
finish
