#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The seed's picture (issue 21): an IPv6 host with addresses from two ISPs,
# each ISP router an nftables firewall (forward policy drop) with miniupnpd
# as its PCP server, and an "internet" namespace routing each prefix to its
# ISP.  One `pcpsel map -6 tcp 8080` opens a pinhole on both firewalls,
# each for the host's address in that ISP's prefix (never the other ISP's:
# P-MAP-1), in both shapes of multihoming:
#   uplinks: two interfaces, one ISP each (a server-list file each);
#   link:    one interface, two routers on the same link (a bridge), both
#            servers in that interface's file.
# Blocked before, both reachable after, each rule only on its own router,
# closed again after SIGTERM.  (The same with DHCP, Kea and dhcpcd:
# tests/netns/map/.)
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

# shape SHAPE: the namespaces of one shape (uplinks or link)
shape()
{
	local x d t
	ns_new host
	ns_new a
	ns_new b
	if [ "$1" = uplinks ]; then
		ns_link a lan host up0
		ns_link b lan host up1
		IFA=up0 IFB=up1
	else
		# one link: the host's interface is a bridge with both
		# routers on it
		ip -n "$(ns_name host)" link add up0 type bridge ||
		    bail "bridge up0"
		ns_link a lan host pa
		ns_link b lan host pb
		ip -n "$(ns_name host)" link set pa master up0 &&
		    ip -n "$(ns_name host)" link set pb master up0 &&
		    ip -n "$(ns_name host)" link set up0 up ||
		    bail "bridge ports"
		IFA=up0 IFB=up0
	fi
	for x in a b; do
		ns_addr $x lan 2001:db8:$x:1::1/64
		isp_wan $x lan
		mup_router $x lan wan 120
		if [ $x = a ]; then d=$IFA t=101; else d=$IFB t=102; fi
		ns_addr host $d 2001:db8:$x:1::100/64
		# replies leave by the ISP they came in through
		ip -n "$(ns_name host)" -6 route add default \
		    via 2001:db8:$x:1::1 dev $d table $t &&
		    ip -n "$(ns_name host)" -6 rule add from 2001:db8:$x::/48 \
		    table $t pref $((1000 + t)) || bail "policy routing for $x"
	done
	ip -n "$(ns_name host)" -6 route add default via 2001:db8:a:1::1 \
	    dev $IFA || bail "default route"
	rm -rf "$T/servers"
	if [ "$1" = uplinks ]; then
		servers_put "$T/servers" up0 "server dhcpv6 2001:db8:a:1::1"
		servers_put "$T/servers" up1 "server dhcpv6 2001:db8:b:1::1"
	else
		servers_put "$T/servers" up0 "server dhcpv6 2001:db8:a:1::1" \
		    "server dhcpv6 2001:db8:b:1::1"
	fi
	ns_listen host 8080
}

ns_init map-ipv6-multihomed nft
mup_require
for s in uplinks link; do
	shape $s
	check_blocked "$s: closed through A before any mapping" inet \
	    2001:db8:a:1::100 8080
	check_blocked "$s: closed through B before any mapping" inet \
	    2001:db8:b:1::100 8080
	MAP_OUT=$T/map-$s.out
	map_start host "$T/servers" -6 tcp 8080
	map_events 'e["event"] == "granted"' 2 20 > "$T/why" ||
	    { cat "$T/why"; bail "$s: not two pinholes in 20 s"; }
	if "$NS_PY" - "$MAP_OUT" $s <<'PY'
import json, sys
g = {}
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "granted":
        g[e["server"]] = e
ok = (g["2001:db8:a:1::1"]["internal-address"] == "2001:db8:a:1::100"
      and g["2001:db8:b:1::1"]["internal-address"] == "2001:db8:b:1::100"
      and all(e["mapping-type"] == "IPv6Firewall" for e in g.values()))
if sys.argv[2] == "uplinks":
    ok = ok and g["2001:db8:a:1::1"]["interface"] == "up0"
    ok = ok and g["2001:db8:b:1::1"]["interface"] == "up1"
sys.exit(0 if ok else 1)
PY
	then
		ok "$s: each server asked for the host's address in its prefix"
	else
		not_ok "$s: each server asked for the host's address in its prefix" \
		    "$(tr '\n' '|' < "$MAP_OUT")"
	fi
	nft_pinhole a 2001:db8:a:1::100 8080 && ok "$s: pinhole on A" ||
	    not_ok "$s: pinhole on A"
	nft_pinhole b 2001:db8:b:1::100 8080 && ok "$s: pinhole on B" ||
	    not_ok "$s: pinhole on B"
	nft_pinhole a 2001:db8:b:1::100 8080 &&
	    not_ok "$s: B's address opened on A" || ok "$s: B's address not on A"
	nft_pinhole b 2001:db8:a:1::100 8080 &&
	    not_ok "$s: A's address opened on B" || ok "$s: A's address not on B"
	check_reach "$s: reached through A" inet 2001:db8:a:1::100 8080 \
	    "host local=2001:db8:a:1::100 peer=2001:db8:ffa::1"
	check_reach "$s: reached through B" inet 2001:db8:b:1::100 8080 \
	    "host local=2001:db8:b:1::100 peer=2001:db8:ffb::1"
	map_stop TERM
	check "$s: pcpsel map exits 0" 0 "$MAP_RC"
	check "$s: two deletes" 2 "$(map_events 'e["event"] == "deleted"')"
	check_blocked "$s: closed through A after SIGTERM" inet \
	    2001:db8:a:1::100 8080
	check_blocked "$s: closed through B after SIGTERM" inet \
	    2001:db8:b:1::100 8080
	# the next shape in new namespaces
	ns_cleanup
done
finish
