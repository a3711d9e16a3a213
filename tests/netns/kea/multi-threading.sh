#!/bin/sh
# Real kea-dhcp4 and kea-dhcp6 with multi-threading enabled: Kea accepts the
# library (multi_threading_compatible() is 1) and replies handled by its
# packet threads carry the right bytes, also for clients served at once.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup

MT='"multi-threading": { "enable-multi-threading": true,
	"thread-pool-size": 4, "packet-queue-size": 64 },'
WANT=08c0000201c000020204c6336401
kt_conf4 "$KT_T/a.json" \
	'{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	"$MT $(kt_subnet4 '{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }')"
kt_start 4 "$KT_T/a.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }
kt_expect_grep "kea-dhcp4 runs multi-threaded with the hook" \
	"DHCP4_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KT_KEA_LOG"
# eight clients at the same time
pids=
for i in 1 2 3 4 5 6 7 8; do
	kt_client4 02:00:00:00:0b:0$i --prl 1,3,158 > "$KT_T/c$i.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait $p
done
for i in 1 2 3 4 5 6 7 8; do
	kt_expect "client $i of 8 in parallel: OFFER and ACK carry $WANT" \
		"OFFER 158 $WANT
ACK 158 $WANT" "$(cat "$KT_T/c$i.out")"
done
kt_stop

S=20010db8000000000000000000000001
kt_conf6 "$KT_T/b.json" '{ "pcp-servers": [ [ "2001:db8::1" ], [ "192.0.2.1" ] ] }' \
	"$MT $(kt_subnet6)"
kt_start 6 "$KT_T/b.json" || { KT_FAIL=1; echo "FAIL kea-dhcp6 did not start"; kt_done; }
kt_expect_grep "kea-dhcp6 runs multi-threaded with the hook" \
	"DHCP6_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KT_KEA_LOG"
kt_expect "v6 multi-threaded: ADVERTISE and REPLY carry two instances" \
	"ADVERTISE 86 $S
ADVERTISE 86 00000000000000000000ffffc0000201
REPLY 86 $S
REPLY 86 00000000000000000000ffffc0000201" "$(kt_client6 --oro 86)"
kt_stop
kt_done
