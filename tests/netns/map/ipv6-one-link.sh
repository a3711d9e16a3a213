#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The multihoming case end to end with real parts, IPv6, the other shape
# (issue 21 item 2): one host interface, lan0, on a link with two routers,
# ISP-A's and ISP-B's, each with its own prefix, firewall (nftables,
# forward policy drop) and PCP server (miniupnpd).  The link's DHCPv6
# server (real Kea with the pcpsel hook, on ISP-A's router) announces both
# PCP servers, one option-86 instance each (RFC 7291 §3), and the host's
# address in ISP-A's prefix; the host's address in ISP-B's prefix is
# configured as ISP-B's router advertisement would make it (SLAAC: no RA
# daemon runs here).  dhcpcd with the pcpsel hook puts both servers in
# lan0's list; one `pcpsel map -6 tcp 8080` asks each for the host's
# address in its own prefix: blocked before, both paths open after; then
# ISP-B's server leaves the DHCPv6 answer (Kea reconfigured, dhcpcd -N):
# not one request to it afterwards past the time its renewal was due;
# SIGTERM deletes where the server allows it.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

e2e_setup map-ipv6-link nft tcpdump
mup_require
LT=12
MH_MIN=$LT
H=$(ns_name host)
for x in a b; do
	ns_isp $x
	isp_wan $x
done
# one link: the host's lan0 bridges the two routers' cables
ns_bridge host lan0
ns_port host lan0 ispa ispb
kea_isp a 6 hook '[ [ "2001:db8:a::fe" ], [ "2001:db8:b::fe" ] ]'
kea_start a 6 || bail "kea-dhcp6 of a did not start"
host_uplink a lan0
host_uplink b lan0
ns_addr host lan0 2001:db8:b::100/64
ns_listen host 8080
mh_pcp a
mh_pcp b
cap_start b tocpe "$T/b.pcap" "udp dst port 5351"
CAP_B=$CAP_PID
dhcpcd_conf lan0
dhcpcd_start lan0
wait_file lan0 "$(servers_text lan0 'server dhcpv6 2001:db8:a::fe' \
    'server dhcpv6 2001:db8:b::fe')"
HA=$(ip -n "$H" -6 -o addr show dev lan0 scope global |
    sed -n 's/.* inet6 \(2001:db8:a::[^/]*\)\/.*/\1/p' | head -n 1)
HB=2001:db8:b::100
note "the host on lan0: $HA (ISP-A, DHCPv6), $HB (ISP-B)"
check_blocked "before: closed through ISP-A" inet "$HA" 8080
check_blocked "before: closed through ISP-B" inet "$HB" 8080

D=$T/host/run/pcp/servers
map_start host "$D" -6 --lifetime $LT tcp 8080
check_events "a pinhole granted by each server of lan0" 2 \
    'e["event"] == "granted" and e["interface"] == "lan0"' 20
map_last 'e["event"] == "granted" and e["server"] == "2001:db8:a::fe"'
check_ev "ISP-A's server: a pinhole for $HA" \
    'e["internal-address"] == e["external-address"] == "'"$HA"'" and e["mapping-type"] == "IPv6Firewall"'
map_last 'e["event"] == "granted" and e["server"] == "2001:db8:b::fe"'
check_ev "ISP-B's server: a pinhole for $HB" \
    'e["internal-address"] == e["external-address"] == "'"$HB"'" and e["mapping-type"] == "IPv6Firewall"'
LTG=$(map_lifetime)
nft_pinhole a "$HA" 8080 && ok "the pinhole on ISP-A's firewall" ||
    not_ok "the pinhole on ISP-A's firewall"
nft_pinhole b "$HB" 8080 && ok "the pinhole on ISP-B's firewall" ||
    not_ok "the pinhole on ISP-B's firewall"
nft_pinhole a "$HB" 8080 && not_ok "ISP-B's address opened on ISP-A" ||
    ok "ISP-A's firewall holds nothing for ISP-B's address"
nft_pinhole b "$HA" 8080 && not_ok "ISP-A's address opened on ISP-B" ||
    ok "ISP-B's firewall holds nothing for ISP-A's address"
check_reach "the internet reaches the host through ISP-A" inet "$HA" 8080 \
    "host local=$HA peer=2001:db8:ffa::1"
check_reach "the internet reaches the host through ISP-B" inet "$HB" 8080 \
    "host local=$HB peer=2001:db8:ffb::1"

# ISP-B's server leaves the link's DHCPv6 answer
kea_isp a 6 hook '[ [ "2001:db8:a::fe" ] ]'
kea_reload a 6 || bail "kea-dhcp6 of a refused its configuration"
dhcpcd_ctl -N lan0 || bail "dhcpcd -N lan0"
wait_file lan0 "$(servers_text lan0 'server dhcpv6 2001:db8:a::fe')"
check_events "ISP-B's server withdrawn" 1 \
    'e["event"] == "withdrawn" and e["server"] == "2001:db8:b::fe"'
tw=$(date +%s.%N)
DUE=$("$NS_PY" - "$T/map.out" <<'PY'
import json, sys
due, last = None, 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    last = e["time-ms"]
    if e.get("server") == "2001:db8:b::fe" and "next-in" in e:
        due = e["time-ms"] + 1000 * e["next-in"]
print(max(0, due - last) if due is not None else 0)
PY
)
nren=$(map_events 'e["event"] == "renewed" and e["server"] == "2001:db8:a::fe"')
sleep $(( DUE / 1000 + 3 ))
if [ -n "$(tcpdump -tt -n -r "$T/b.pcap" "src host $HB" 2>/dev/null |
    awk -v t="$tw" '$1 + 0 <= t + 0')" ]; then
	ok "the capture at ISP-B saw the requests before the withdrawal"
else
	not_ok "the capture at ISP-B saw the requests before the withdrawal"
fi
check "no request to ISP-B's server after the withdrawal ($(( DUE / 1000 + 3 )) s)" \
    "" "$(cap_after "$T/b.pcap" "$tw" "src host $HB")"
check_events "ISP-A's pinhole still renewed" $((nren + 1)) \
    'e["event"] == "renewed" and e["server"] == "2001:db8:a::fe"' \
    $((LTG * 5 / 8 + 10))

map_stop TERM
check "pcpsel map exits 0 after SIGTERM" 0 "$MAP_RC"
CAP_PID=$CAP_B
cap_stop "$T/b.pcap"
check "nothing sent to ISP-B's server after the withdrawal, the stop included" \
    "" "$(cap_after "$T/b.pcap" "$tw" "src host $HB")"
check_deleted "ISP-A's pinhole" lan0 6 a "$HA" 8080
check "no delete towards ISP-B" 0 \
    "$(map_events 'e["server"] == "2001:db8:b::fe" and e["event"] in ("deleted", "delete-failed")')"
finish
