#!/bin/sh
# Case 4: two interfaces, two servers: each server is contacted only
# through the interface it was learned on (RFC 7291 §7, SEL-1, P-IF-2),
# asserted by capture on both interfaces.  The client's routes are crossed
# on purpose (192.0.2.1/32 via ppcb, 198.51.100.1/32 via ppca): a socket
# not bound to the interface would follow them and never get an answer.
. "${top_srcdir:-.}/tests/probe/lib.sh"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump missing"

ns_add "$NS_C"
ns_add "$NS_S1"
ns_add "$NS_S2"
link "$NS_S1" ppsa ppca
link "$NS_S2" ppsb ppcb
ip -n "$NS_S1" addr add 192.0.2.1/24 dev ppsa
ip -n "$NS_S2" addr add 198.51.100.1/24 dev ppsb
ip -n "$NS_C" addr add 192.0.2.10/24 dev ppca
ip -n "$NS_C" addr add 198.51.100.10/24 dev ppcb
ip -n "$NS_C" route add 192.0.2.1/32 dev ppcb
ip -n "$NS_C" route add 198.51.100.1/32 dev ppca
ip -n "$NS_C" route get 192.0.2.1 | grep -q 'dev ppcb' ||
	hard "crossed route not in place"
miniupnpd_start "$NS_S1" ppsa
miniupnpd_start "$NS_S2" ppsb
servers ppca "server dhcpv4 192.0.2.1"
servers ppcb "server dhcpv4 198.51.100.1"

for i in ppca ppcb; do
	ip netns exec "$NS_C" tcpdump --immediate-mode -U -nn -i $i \
		-w "$T/$i.pcap" udp port 5351 > "$T/tcpdump-$i.log" 2>&1 &
	PIDS="$PIDS $!"
done
for i in ppca ppcb; do
	n=0
	until grep -q 'listening on' "$T/tcpdump-$i.log" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 50 ] || hard "tcpdump on $i did not start"
		sleep 0.1
	done
done

probe --timeout 10
[ "$PROBE_RC" -eq 0 ] || fail "probe exit $PROBE_RC"
check 'j["interfaces"][0]["name"] == "ppca" and srv(0)["address_in_use"] == "192.0.2.1"'
check 'j["interfaces"][1]["name"] == "ppcb" and srv(1)["address_in_use"] == "198.51.100.1"'

sleep 0.3
# stop the two captures (the last two PIDs) so the files are complete
for p in $(echo $PIDS | tr ' ' '\n' | tail -n 2); do
	kill -INT "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
a=$(tcpdump -nn -r "$T/ppca.pcap" 2>/dev/null)
b=$(tcpdump -nn -r "$T/ppcb.pcap" 2>/dev/null)
echo "ppca:"; echo "$a"; echo "ppcb:"; echo "$b"
echo "$a" | grep -q '192.0.2.10\.[0-9]* > 192.0.2.1\.5351' ||
	fail "no request to 192.0.2.1 on ppca"
echo "$b" | grep -q '198.51.100.10\.[0-9]* > 198.51.100.1\.5351' ||
	fail "no request to 198.51.100.1 on ppcb"
echo "$a" | grep -q '198\.51\.100' && fail "198.51.100.x seen on ppca"
echo "$b" | grep -q '192\.0\.2\.' && fail "192.0.2.x seen on ppcb"
echo "PASS: each server contacted through its own interface only"
exit 0
