#!/bin/sh
# pcpsel map follows the server-list file (inotify, as the dhcpcd hook
# writes it: a temp file renamed over it): started with no server known,
# it maps as soon as a server appears (a new uplink gets its mapping);
# when the server leaves the file its mapping is no longer renewed (not a
# single request on the wire afterwards, until past its expiry) and expires
# at the router; SIGTERM then has nothing to delete there.
. "${top_srcdir:-.}/tests/probe/lib.sh"
. "${top_srcdir:-.}/tests/probe/map-lib.sh"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump missing"

isp_up
mu_start 4
map_start -4 --lifetime 4 tcp $LISTEN_PORT
sleep 1
[ -s "$T/map.out" ] && fail "events with no server: $(cat "$T/map.out")"
kill -0 "$MAP_PID" 2>/dev/null || fail "pcpsel map left with no server"

servers_set "server dhcpv4 192.0.2.1"
wait_events 1 'e["event"] == "granted"' 10
LT=$(granted_lifetime)
wait_events 1 'e["event"] == "renewed"' "$(renew_bound)"
reach 192.0.3.1 || fail "NAT44 not reachable"

ip netns exec "$NS_R" timeout $((2 * LT + 60)) tcpdump -i lan -U \
    -w "$T/wire.pcap" 'udp dst port 5351' > /dev/null 2>&1 &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
servers_set "# the server withdrawn by DHCP"
wait_events 1 'e["event"] == "withdrawn"' 10
last_event 'e["event"] == "withdrawn"'
ev_check 'e["server"] == "192.0.2.1" and 0 < e["expires-in"] <= '"$LT"
# past its expiry (a renewal was due before): gone at the router, and not
# one request on the wire
sleep $((LT + 2))
i=0
while [ -n "$(rules 8080)" ] && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
[ -z "$(rules 8080)" ] || fail "the mapping did not expire at the router"
reach 192.0.3.1 && fail "NAT44 still open after the withdrawal"
map_stop TERM
[ "$MAP_RC" -eq 0 ] || fail "pcpsel map exit $MAP_RC"
kill "$TCPDUMP" 2>/dev/null
sleep 0.5
N=$(tcpdump -r "$T/wire.pcap" -n 2>/dev/null | wc -l)
[ "$N" -eq 0 ] || fail "$N requests after the withdrawal: $(tcpdump -r "$T/wire.pcap" -n 2>/dev/null)"
[ "$(events 'e["event"] == "deleted"')" -eq 0 ] || fail "a delete for a withdrawn server"
echo "PASS: mapped when the server appeared, withdrawn: no request in $((LT + 2)) s, expired at the router"
exit 0
