#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A DHCPv6 Kea High Availability pair (Kea's own libdhcp_ha.so, hot-standby;
# leases kept in step by libdhcp_lease_cmds.so over the HA hook's own HTTP
# listener), both kea-dhcp6 with the pcpsel hook and the same pcp-servers,
# on one link (a bridge) with a scapy client.  The primary answers with the
# exact option-86 bytes (RFC 7291 §4.2, one instance per server); killed by
# its PID, the standby takes over (bounded wait for Kea's own state
# PARTNER-DOWN) and answers with byte-identical options; Kea's statistics
# say which server sent the ADVERTISEs.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
ns_init ha-pair6
kea_require
pkt_require
ha_lan

# the hook's [[2001:db8::1], [2001:db8::2, 192.0.2.9]] and the subnet's
# [[2001:db8:1::5], [203.0.113.5]]: the subnet's wins, two instances
A=20010db8000100000000000000000005
B=00000000000000000000ffffcb007105
WANT="ADVERTISE 86 $A
ADVERTISE 86 $B
REPLY 86 $A
REPLY 86 $B"

# ha_conf ROLE NAME: the configuration of server NAME (server1 primary,
# server2 standby): identical but for this-server-name
ha_conf()
{
	KEA_SOCKET=1 KEA_HOOKS="$(ha_hooks "$2" hot-standby standby)" \
	kea_conf "$1" 6 kts \
	    '{ "pcp-servers": [ [ "2001:db8::1" ], [ "2001:db8::2", "192.0.2.9" ] ] }' \
	    "$(ha_mt)
  $(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::5" ], [ "203.0.113.5" ] ] }')"
}

# lease_of ROLE MAC: the address ROLE's Kea leased to the DUID-LL of MAC
# (lease_cmds), or "none"
lease_of()
{
	kea_cmd "$1" 6 "{ \"command\": \"lease6-get-by-duid\", \"arguments\": { \"duid\": \"00:03:00:01:$2\" } }" |
	    "$NS_PY" -c 'import json, sys
l = json.load(sys.stdin).get("arguments", {}).get("leases", [])
print(l[0]["ip-address"] if l else "none")'
}

ha_conf p1 server1
ha_conf p2 server2
check "the partners' configurations differ only in this-server-name" same \
	"$(ha_same p1 p2 6 && echo same || echo differ)"
kea_start p1 6 || bail "primary kea-dhcp6 did not start"
P1=$KEA_PID
kea_start p2 6 || bail "standby kea-dhcp6 did not start"
ns_poll "the primary in hot-standby" ha_state p1 6 HOT-STANDBY ||
    bail "the HA pair did not reach its normal state"
ns_poll "the standby in hot-standby" ha_state p2 6 HOT-STANDBY ||
    bail "the standby did not reach its normal state"

check "primary: ADVERTISE and REPLY carry the subnet's two instances" \
	"$WANT" "$(client6_mac 02:00:00:00:6d:01 --oro 23,86)"
check "primary: another client, the same bytes" \
	"$WANT" "$(client6_mac 02:00:00:00:6d:02 --oro 23,86)"
check "the primary sent the ADVERTISEs, the standby none" "2 0" \
	"$(kea_stat p1 6 pkt6-advertise-sent) $(kea_stat p2 6 pkt6-advertise-sent)"
L1=$(lease_of p1 02:00:00:00:6d:01)
case $L1 in 2001:db8:1::1[0-9a-f][0-9a-f]) ;; *) L1="not a pool address: $L1" ;; esac
check "HA keeps the pair in step: the standby has the primary's lease" \
	"$L1" "$(lease_of p2 02:00:00:00:6d:01)"

# the primary dies
ns_stop "$P1" KILL
eval "kea_pid_p1_6="
ns_poll "the standby to take over (partner-down)" ha_state p2 6 PARTNER-DOWN ||
    bail "the standby did not take over"
check "standby after failover: byte-identical options" \
	"$WANT" "$(client6_mac 02:00:00:00:6d:03 --oro 23,86)"
check "standby: a client the primary had served, byte-identical options" \
	"$WANT" "$(client6_mac 02:00:00:00:6d:01 --oro 23,86)"
check "standby: Information-request, the same instances" \
	"REPLY 86 $A
REPLY 86 $B" "$(client6_mac 02:00:00:00:6d:04 --oro 86 --inforeq)"
check "the standby sent these ADVERTISEs" 2 \
	"$(kea_stat p2 6 pkt6-advertise-sent)"
check "the standby kept the client's address" "$L1" \
	"$(lease_of p2 02:00:00:00:6d:01)"
kea_stop p2 6
finish
