#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The multihoming case end to end with real parts, IPv6 (issue 21 item 2),
# two uplinks: each ISP router an nftables firewall (forward policy drop)
# with miniupnpd opening pinholes, each serving its PCP server by DHCPv6
# (real Kea with the pcpsel hook, option 86); the host runs real dhcpcd
# with the pcpsel hook and `pcpsel map -6 tcp 8080`; the internet connects
# to the host's address in ISP-A's prefix and in ISP-B's.
#  1. ISP-B's PCP server is down: its pinhole is not granted; the internet
#     reaches the host through ISP-A only, ISP-B's path stays closed.
#  2. ISP-B's server up: a pinhole on each firewall, each for the host's
#     address in that ISP's prefix; both paths reach the service.
#  3. ISP-B withdraws its PCP server by DHCPv6 (Kea reconfigured, dhcpcd
#     -N): not one request to it afterwards, past the time its renewal was
#     due, while ISP-A's is renewed.
#  4. SIGTERM: deleted where the server allows it; nothing sent to ISP-B.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

e2e_setup map-ipv6-uplinks nft tcpdump
mup_require
LT=12
MH_MIN=$LT
mh_isps 6
mh_pcp a
cap_start b tocpe "$T/b.pcap" "udp dst port 5351"
CAP_B=$CAP_PID
D=$T/host/run/pcp/servers
dhcpcd_start ispa
dhcpcd_start ispb
wait_file ispa "$(mh_servers a 6)"
wait_file ispb "$(mh_servers b 6)"
HA=$(host_addr a 6)
HB=$(host_addr b 6)
note "the host: $HA (ISP-A), $HB (ISP-B)"
check_blocked "before: closed through ISP-A" inet "$HA" 8080
check_blocked "before: closed through ISP-B" inet "$HB" 8080

# ---- 1: ISP-B's server does not grant it
MAP_OUT=$T/map1.out
map_start host "$D" -6 --lifetime $LT tcp 8080
check_events "1: ISP-A's pinhole granted" 1 \
    'e["event"] == "granted" and e["interface"] == "ispa"' 20
check_events "1: ISP-B's server: no response" 1 \
    'e["event"] == "no-response" and e["interface"] == "ispb"' 20
check_reach "1: the internet reaches the host through ISP-A" inet "$HA" 8080 \
    "host local=$HA peer=2001:db8:ffa::1"
check_blocked "1: ISP-B's path stays closed" inet "$HB" 8080
check "1: no rule on ISP-B's firewall" "" "$(nft_port b 8080)"
map_stop TERM
check "1: pcpsel map exits 0" 0 "$MAP_RC"
check_deleted "1: ISP-A's pinhole" ispa 6 a "$HA" 8080

# ---- 2: both servers
mh_pcp b
MAP_OUT=$T/map.out
map_start host "$D" -6 --lifetime $LT tcp 8080
check_events "2: a pinhole granted on each ISP's server" 2 \
    'e["event"] == "granted"' 20
map_last 'e["event"] == "granted" and e["interface"] == "ispa"'
check_ev "2: ISP-A: 2001:db8:a::fe, for $HA, IPv6Firewall" \
    'e["server"] == "2001:db8:a::fe" and e["internal-address"] == e["external-address"] == "'"$HA"'" and e["mapping-type"] == "IPv6Firewall" and e["Origin"] == "DHCPv6"'
map_last 'e["event"] == "granted" and e["interface"] == "ispb"'
check_ev "2: ISP-B: 2001:db8:b::fe, for $HB, IPv6Firewall" \
    'e["server"] == "2001:db8:b::fe" and e["internal-address"] == e["external-address"] == "'"$HB"'" and e["mapping-type"] == "IPv6Firewall"'
LTG=$(map_lifetime)
nft_pinhole a "$HA" 8080 && ok "2: the pinhole on ISP-A's firewall" ||
    not_ok "2: the pinhole on ISP-A's firewall"
nft_pinhole b "$HB" 8080 && ok "2: the pinhole on ISP-B's firewall" ||
    not_ok "2: the pinhole on ISP-B's firewall"
nft_pinhole a "$HB" 8080 && not_ok "2: ISP-B's address opened on ISP-A" ||
    ok "2: ISP-A's firewall holds nothing for ISP-B's address"
nft_pinhole b "$HA" 8080 && not_ok "2: ISP-A's address opened on ISP-B" ||
    ok "2: ISP-B's firewall holds nothing for ISP-A's address"
check_reach "2: the internet reaches the host through ISP-A" inet "$HA" 8080 \
    "host local=$HA peer=2001:db8:ffa::1"
check_reach "2: the internet reaches the host through ISP-B" inet "$HB" 8080 \
    "host local=$HB peer=2001:db8:ffb::1"

# ---- 3: ISP-B withdraws its PCP server by DHCPv6
mh_withdraw b 6
check_events "3: ISP-B's server withdrawn" 1 \
    'e["event"] == "withdrawn" and e["interface"] == "ispb"'
tw=$(date +%s.%N)
DUE=$(map_due_ms ispb 6)
nren=$(map_events 'e["event"] == "renewed" and e["interface"] == "ispa"')
sleep $(( DUE / 1000 + 3 ))
if [ -n "$(tcpdump -tt -n -r "$T/b.pcap" "src host $HB" 2>/dev/null |
    awk -v t="$tw" '$1 + 0 <= t + 0')" ]; then
	ok "3: the capture at ISP-B saw the requests before the withdrawal"
else
	not_ok "3: the capture at ISP-B saw the requests before the withdrawal"
fi
check "3: no request to ISP-B's server after the withdrawal ($(( DUE / 1000 + 3 )) s)" \
    "" "$(cap_after "$T/b.pcap" "$tw" "src host $HB")"
check_events "3: ISP-A's pinhole still renewed" $((nren + 1)) \
    'e["event"] == "renewed" and e["interface"] == "ispa"' $((LTG * 5 / 8 + 10))

# ---- 4: SIGTERM
map_stop TERM
check "4: pcpsel map exits 0 after SIGTERM" 0 "$MAP_RC"
CAP_PID=$CAP_B
cap_stop "$T/b.pcap"
check "4: nothing sent to ISP-B's server after the withdrawal, the stop included" \
    "" "$(cap_after "$T/b.pcap" "$tw" "src host $HB")"
check_deleted "4: ISP-A's pinhole" ispa 6 a "$HA" 8080
check "4: no delete towards ISP-B" 0 \
    "$(map_events 'e["interface"] == "ispb" and e["event"] in ("deleted", "delete-failed")')"
finish
