#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A Kea High Availability pair (Kea's own libdhcp_ha.so, hot-standby; leases
# kept in step by libdhcp_lease_cmds.so over the HA hook's own HTTP
# listener), both servers with the pcpsel hook and the same pcp-servers, on
# one link (a bridge) with a scapy client.  The primary answers with the
# exact option-158 bytes (RFC 7291 §4.1); killed by its PID, the standby
# takes over (bounded wait for Kea's own state PARTNER-DOWN) and answers
# with the same bytes; Kea's statistics say which server sent the offers.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
ns_init ha-pair
kea_require
pkt_require
ha_lan

# [[192.0.2.1, 192.0.2.2], [198.51.100.1]] (hook parameter) and the
# subnet's [[203.0.113.1]]: the subnet's wins
WANT=04cb007101

# ha_conf ROLE NAME: the configuration of server NAME (server1 primary,
# server2 standby): identical but for this-server-name
ha_conf()
{
	KEA_SOCKET=1 KEA_HOOKS="$(ha_hooks "$2" hot-standby standby)" \
	kea_conf "$1" 4 kts \
	    '{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	    "$(ha_mt)
  $(kea_subnet4 kts '{ "pcp-servers": [ [ "203.0.113.1" ] ] }')"
}

ha_conf p1 server1
ha_conf p2 server2
check "the partners' configurations differ only in this-server-name" same \
	"$(ha_same p1 p2 4 && echo same || echo differ)"
kea_start p1 4 || bail "primary kea-dhcp4 did not start"
P1=$KEA_PID
kea_start p2 4 || bail "standby kea-dhcp4 did not start"
ns_poll "the primary in hot-standby" ha_state p1 4 HOT-STANDBY ||
    bail "the HA pair did not reach its normal state"
ns_poll "the standby in hot-standby" ha_state p2 4 HOT-STANDBY ||
    bail "the standby did not reach its normal state"

check "primary: OFFER and ACK carry the subnet's list $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:01 --prl 1,3,6,158)"
check "primary: another client, the same bytes" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:02 --prl 1,3,6,158)"
check "the primary sent the offers, the standby none" "2 0" \
	"$(kea_stat p1 4 pkt4-offer-sent) $(kea_stat p2 4 pkt4-offer-sent)"
# lease_cmds: the address of a client on a server, or "none"
lease_of()
{
	kea_cmd "$1" 4 "{ \"command\": \"lease4-get-by-hw-address\", \"arguments\": { \"hw-address\": \"$2\" } }" |
	    "$NS_PY" -c 'import json, sys
l = json.load(sys.stdin).get("arguments", {}).get("leases", [])
print(l[0]["ip-address"] if l else "none")'
}
L1=$(lease_of p1 02:00:00:00:0d:01)
case $L1 in 192.0.2.1[0-9][0-9]) ;; *) L1="not a pool address: $L1" ;; esac
check "HA keeps the pair in step: the standby has the primary's lease" \
	"$L1" "$(lease_of p2 02:00:00:00:0d:01)"

# the primary dies
ns_stop "$P1" KILL
eval "kea_pid_p1_4="
ns_poll "the standby to take over (partner-down)" ha_state p2 4 PARTNER-DOWN ||
    bail "the standby did not take over"
check "standby after failover: the same bytes $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:03 --prl 1,3,6,158)"
check "standby: a client the primary had served, the same bytes" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:01 --prl 1,3,6,158)"
check "the standby sent these offers" 2 "$(kea_stat p2 4 pkt4-offer-sent)"
check "the standby kept the client's address" "$L1" \
	"$(lease_of p2 02:00:00:00:0d:01)"
kea_stop p2 4
finish
