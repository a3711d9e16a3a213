#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The multihoming case end to end with real parts, dual stack (issues 15
# and 21): each ISP's router does NAT44 and an IPv6 firewall, miniupnpd is
# its PCP server and its Kea (DHCPv4 and DHCPv6, the pcpsel hook) serves
# it as one PCP server with two addresses (option 158: the IPv4 one;
# option 86: both, the IPv4 one as ::ffff:...); the host runs real dhcpcd
# with the pcpsel hook and one `pcpsel map tcp 8080`.  It gets the NAT44
# mapping (at the server's IPv4 address) and the IPv6 pinhole (at its IPv6
# address) on every uplink, the JSON telling which is which; the internet
# reaches the service four ways; SIGTERM deletes all four.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

e2e_setup map-dual-stack nft
mup_require
mh_isps 46
mh_pcp a
mh_pcp b
D=$T/host/run/pcp/servers
dhcpcd_start ispa
dhcpcd_start ispb
wait_file ispa "$(mh_servers a 46)"
wait_file ispb "$(mh_servers b 46)"
map_start host "$D" tcp 8080
check_events "four mappings granted" 4 'e["event"] == "granted"' 30
for x in a b; do
	X=$(echo $x | tr ab AB)
	H4=$(host_addr $x 4)
	H6=$(host_addr $x 6)
	N4=$(isp_net4 $x)
	E4=$(isp_ext4 $x)
	map_last 'e["event"] == "granted" and e["interface"] == "isp'$x'" and e["family"] == 4'
	check_ev "ISP-$X IPv4: NAT44 at $N4.254, $E4.1 for $H4" \
	    'e["mapping-type"] == "NAT44" and e["server"] == "'$N4.254'" and e["external-address"] == "'$E4.1'" and e["internal-address"] == "'$H4'" and e["ServerNameOrAddress"] == "2001:db8:'$x'::fe" and e["AdditionalServerAddresses"] == ["'$N4.254'"] and e["Origin"] == "DHCPv4"'
	P4=$(ev_get external-port)
	map_last 'e["event"] == "granted" and e["interface"] == "isp'$x'" and e["family"] == 6'
	check_ev "ISP-$X IPv6: a pinhole at 2001:db8:$x::fe for $H6" \
	    'e["mapping-type"] == "IPv6Firewall" and e["server"] == "2001:db8:'$x'::fe" and e["external-address"] == e["internal-address"] == "'$H6'" and e["external-port"] == 8080'
	check_reach "ISP-$X: the internet reaches the host over NAT44" inet \
	    $E4.1 "$P4" "host local=$H4 peer=$E4.2"
	check_reach "ISP-$X: the internet reaches the host over IPv6" inet \
	    "$H6" 8080 "host local=$H6 peer=2001:db8:ff$x::1"
	eval "P4_$x=$P4 H6_$x=$H6"
done
map_stop TERM
check "pcpsel map exits 0 after SIGTERM" 0 "$MAP_RC"
check_deleted "ISP-A NAT44" ispa 4 a 192.0.3.1 "$P4_a"
check_deleted "ISP-A pinhole" ispa 6 a "$H6_a" 8080
check_deleted "ISP-B NAT44" ispb 4 b 198.51.101.1 "$P4_b"
check_deleted "ISP-B pinhole" ispb 6 b "$H6_b" 8080
finish
