#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 4: two interfaces, two servers: each server is contacted only
# through the interface it was learned on (RFC 7291 §7, SEL-1, P-IF-2),
# asserted by capture on both interfaces.  The client's routes are crossed
# on purpose (192.0.2.1/32 via ppcb, 198.51.100.1/32 via ppca): a socket
# not bound to the interface would follow them and never get an answer.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init probe-two-interfaces tcpdump
mup_require
ns_new c
ns_new s1
ns_new s2
ns_link s1 ppsa c ppca
ns_link s2 ppsb c ppcb
ns_addr s1 ppsa 192.0.2.1/24
ns_addr s2 ppsb 198.51.100.1/24
ns_addr c ppca 192.0.2.10/24
ns_addr c ppcb 198.51.100.10/24
ip -n "$(ns_name c)" route add 192.0.2.1/32 dev ppcb || bail "crossed route"
ip -n "$(ns_name c)" route add 198.51.100.1/32 dev ppca || bail "crossed route"
ip -n "$(ns_name c)" route get 192.0.2.1 | grep -q 'dev ppcb' ||
	bail "crossed route not in place"
mup_plain s1 ppsa
mup_plain s2 ppsb
servers_put "$T/servers" ppca "server dhcpv4 192.0.2.1"
servers_put "$T/servers" ppcb "server dhcpv4 198.51.100.1"

cap_start c ppca "$T/ppca.pcap" "udp port 5351"
CAP_A=$CAP_PID
cap_start c ppcb "$T/ppcb.pcap" "udp port 5351"
CAP_B=$CAP_PID

probe_run c "$T/servers" --timeout 10
check "probe exit status" 0 "$PROBE_RC"
probe_check "ppca: 192.0.2.1 in use" \
    'j["interfaces"][0]["name"] == "ppca" and srv(0)["address_in_use"] == "192.0.2.1"'
probe_check "ppcb: 198.51.100.1 in use" \
    'j["interfaces"][1]["name"] == "ppcb" and srv(1)["address_in_use"] == "198.51.100.1"'

CAP_PID=$CAP_A; cap_stop "$T/ppca.pcap"
CAP_PID=$CAP_B; cap_stop "$T/ppcb.pcap"
a=$(tcpdump -nn -r "$T/ppca.pcap" 2>/dev/null)
b=$(tcpdump -nn -r "$T/ppcb.pcap" 2>/dev/null)
printf '%s\n' "$a" | sed 's/^/# ppca: /'
printf '%s\n' "$b" | sed 's/^/# ppcb: /'
if printf '%s\n' "$a" | grep -q '192.0.2.10\.[0-9]* > 192.0.2.1\.5351'; then
	ok "a request to 192.0.2.1 on ppca"
else
	not_ok "a request to 192.0.2.1 on ppca"
fi
if printf '%s\n' "$b" | grep -q '198.51.100.10\.[0-9]* > 198.51.100.1\.5351'; then
	ok "a request to 198.51.100.1 on ppcb"
else
	not_ok "a request to 198.51.100.1 on ppcb"
fi
if printf '%s\n' "$a" | grep -q '198\.51\.100'; then
	not_ok "no 198.51.100.x on ppca"
else
	ok "no 198.51.100.x on ppca"
fi
if printf '%s\n' "$b" | grep -q '192\.0\.2\.'; then
	not_ok "no 192.0.2.x on ppcb"
else
	ok "no 192.0.2.x on ppcb"
fi
finish
