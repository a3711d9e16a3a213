#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pcpsel map, dual stack, one command: the NAT44 mapping and the IPv6
# pinhole on the ISP router (real nftables, real miniupnpd); the internet
# reaches the host's service through both only once they are granted;
# SIGTERM deletes both (the router's rules are gone, the service is out of
# reach again).  Issue 15 items 2 and 4, issue 21 item 1.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init map-dual-stack nft
mup_require
map_isp
mup_router a lan wan 120 "allow 1024-65535 192.0.2.0/24 1024-65535"
D=$T/servers
servers_put "$D" up0 "server dhcpv4 192.0.2.1" "server dhcpv6 2001:db8:a:1::1"
ns_listen host 8080

check_blocked "NAT44 closed before any mapping" inet 192.0.3.1 8080
check_blocked "IPv6 closed before any mapping" inet 2001:db8:a:1::100 8080

map_start host "$D" tcp 8080
map_events 'e["event"] == "granted"' 2 20 > "$T/why" || { cat "$T/why"; bail "not two mappings"; }

map_last 'e["event"] == "granted" and e["family"] == 4'
check_ev "IPv4: server 192.0.2.1, SUCCESS" \
    'e["server"] == "192.0.2.1" and e["result"] == "SUCCESS"'
check_ev "IPv4: NAT44 for 192.0.2.10" \
    'e["mapping-type"] == "NAT44" and e["internal-address"] == "192.0.2.10"'
check_ev "IPv4: external address 192.0.3.1" \
    'e["external-address"] == "192.0.3.1" and e["ExternalIPAddress"] == "192.0.3.1"'
check_ev "IPv4: a port, 600 s, Enabled" \
    'e["external-port"] > 0 and e["lifetime"] == 600 and e["Status"] == "Enabled"'
check_ev "IPv4: Origin DHCPv4, in use 192.0.2.1" \
    'e["Origin"] == "DHCPv4" and e["ServerAddressInUse"] == "192.0.2.1"'
EXT4=$(ev_get external-port)
map_last 'e["event"] == "granted" and e["family"] == 6'
check_ev "IPv6: server 2001:db8:a:1::1, IPv6Firewall" \
    'e["server"] == "2001:db8:a:1::1" and e["mapping-type"] == "IPv6Firewall"'
check_ev "IPv6: external = internal = 2001:db8:a:1::100" \
    'e["external-address"] == e["internal-address"] == "2001:db8:a:1::100"'
check_ev "IPv6: port 8080, Origin DHCPv6" \
    'e["external-port"] == 8080 and e["Origin"] == "DHCPv6"'

# the internet reaches the host through the NAT and through the pinhole
check_reach "NAT44 192.0.3.1:$EXT4 reaches the host" inet 192.0.3.1 "$EXT4" \
    "host local=192.0.2.10 peer=192.0.3.2"
check_reach "the pinhole reaches the host" inet 2001:db8:a:1::100 8080 \
    "host local=2001:db8:a:1::100 peer=2001:db8:ffa::1"
check "a DNAT rule to 192.0.2.10:8080" 1 \
    "$(nft_port a "$EXT4" | grep -c 'dnat ip to 192.0.2.10:8080')"

map_stop TERM
check "pcpsel map exits 0 after SIGTERM" 0 "$MAP_RC"
check "two deleted events" 2 "$(map_events 'e["event"] == "deleted"')"
check "no rule left after the deletes" "" "$(nft_port a "$EXT4"; nft_port a 8080)"
check_blocked "NAT44 closed after SIGTERM" inet 192.0.3.1 "$EXT4"
check_blocked "pinhole closed after SIGTERM" inet 2001:db8:a:1::100 8080
finish
