#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pcpsel map follows the server-list file (inotify, as the dhcpcd hook
# writes it: a temp file renamed over it): started with no server known,
# it maps as soon as a server appears (a new uplink gets its mapping);
# when the server leaves the file its mapping is no longer renewed (not a
# single request on the wire afterwards, until past its expiry) and expires
# at the router; SIGTERM then has nothing to delete there.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

# no_rule: the router has no rule for port 8080
no_rule()
{
	[ -z "$(nft_port a 8080)" ]
}

ns_init map-follow-files nft tcpdump
mup_require
map_isp
mup_router a lan wan 4 "allow 1024-65535 192.0.2.0/24 1024-65535"
D=$T/servers
mkdir -p "$D"
ns_listen host 8080
map_start host "$D" -4 --lifetime 4 tcp 8080
sleep 1
check "no event with no server" "" "$(cat "$T/map.out")"
if ns_alive "$MAP_PID"; then
	ok "pcpsel map waits with no server"
else
	not_ok "pcpsel map waits with no server" "it exited: $(cat "$T/map.out.err")"
fi

servers_put "$D" up0 "server dhcpv4 192.0.2.1"
check_events "granted once the server appears" 1 'e["event"] == "granted"' 10
LT=$(map_lifetime)
check_events "renewed" 1 'e["event"] == "renewed"' "$(map_renew_bound)"
check_reach "NAT44 reaches the host" inet 192.0.3.1 8080

cap_start a lan "$T/wire.pcap" "udp dst port 5351"
servers_put "$D" up0 "# the server withdrawn by DHCP"
check_events "withdrawn" 1 'e["event"] == "withdrawn"' 10
map_last 'e["event"] == "withdrawn"'
check_ev "withdrawn: 192.0.2.1, expires within its lifetime" \
    'e["server"] == "192.0.2.1" and 0 < e["expires-in"] <= '"$LT"
# past its expiry (a renewal was due before): gone at the router, and not
# one request on the wire
sleep $((LT + 2))
ns_poll "the mapping to expire at the router" no_rule
check "the mapping expired at the router" "" "$(nft_port a 8080)"
check_blocked "NAT44 closed after the withdrawal" inet 192.0.3.1 8080
map_stop TERM
check "pcpsel map exits 0" 0 "$MAP_RC"
cap_stop "$T/wire.pcap"
check "no request after the withdrawal" "" \
    "$(tcpdump -r "$T/wire.pcap" -n 2>/dev/null)"
check "no delete for a withdrawn server" 0 \
    "$(map_events 'e["event"] == "deleted"')"
finish
