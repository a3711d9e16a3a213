#!/bin/sh
# pcpsel map, dual stack, one command: the NAT44 mapping and the IPv6
# pinhole on the ISP router (real nftables, real miniupnpd); the internet
# reaches the host's service through both only once they are granted;
# SIGTERM deletes both (the router's rules are gone, the service is out of
# reach again).  Issue 15 items 2 and 4, issue 21 item 1.
. "${top_srcdir:-.}/tests/probe/lib.sh"
. "${top_srcdir:-.}/tests/probe/map-lib.sh"

isp_up
mu_start 120
servers_set "server dhcpv4 192.0.2.1" "server dhcpv6 2001:db8:a:1::1"

reach 192.0.3.1 && fail "NAT44 open before any mapping"
reach 2001:db8:a:1::100 && fail "IPv6 open before any mapping"

map_start tcp $LISTEN_PORT
wait_events 2 'e["event"] == "granted"' 20

last_event 'e["event"] == "granted" and e["family"] == 4'
ev_check 'e["server"] == "192.0.2.1" and e["result"] == "SUCCESS"'
ev_check 'e["mapping-type"] == "NAT44" and e["internal-address"] == "192.0.2.10"'
ev_check 'e["external-address"] == "192.0.3.1" and e["ExternalIPAddress"] == "192.0.3.1"'
ev_check 'e["external-port"] > 0 and e["lifetime"] == 600 and e["Status"] == "Enabled"'
ev_check 'e["Origin"] == "DHCPv4" and e["ServerAddressInUse"] == "192.0.2.1"'
EXT4=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["external-port"])' "$T/ev.json")
last_event 'e["event"] == "granted" and e["family"] == 6'
ev_check 'e["server"] == "2001:db8:a:1::1" and e["mapping-type"] == "IPv6Firewall"'
ev_check 'e["external-address"] == e["internal-address"] == "2001:db8:a:1::100"'
ev_check 'e["external-port"] == 8080 and e["Origin"] == "DHCPv6"'

# the internet reaches the host through the NAT and through the pinhole
LISTEN_PORT=$EXT4 reach 192.0.3.1 || fail "NAT44 192.0.3.1:$EXT4 not reachable: $(cat "$T/reach.out")"
grep -q "^host ::ffff:192.0.3.2$" "$T/reach.out" || fail "NAT44 reached $(cat "$T/reach.out")"
reach 2001:db8:a:1::100 || fail "pinhole not open: $(cat "$T/reach.out")"
grep -q "^host 2001:db8:ffa::1$" "$T/reach.out" || fail "pinhole reached $(cat "$T/reach.out")"
[ -n "$(rules $EXT4 | grep 'dnat ip to 192.0.2.10:8080')" ] || fail "no DNAT rule"

map_stop TERM
[ "$MAP_RC" -eq 0 ] || fail "pcpsel map exit $MAP_RC after SIGTERM: $(cat "$T/map.err")"
[ "$(events 'e["event"] == "deleted"')" -eq 2 ] || fail "not two deleted events: $(cat "$T/map.out")"
[ -z "$(rules $EXT4)$(rules 8080)" ] || fail "rules left after the deletes: $(rules $EXT4; rules 8080)"
LISTEN_PORT=$EXT4 reach 192.0.3.1 && fail "NAT44 still open after SIGTERM"
reach 2001:db8:a:1::100 && fail "pinhole still open after SIGTERM"
echo "PASS: NAT44 192.0.3.1:$EXT4 and pinhole [2001:db8:a:1::100]:8080 granted, reached, deleted on SIGTERM"
exit 0
