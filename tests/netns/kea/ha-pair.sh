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
HA=$(kea_hook_link libdhcp_ha.so)
LC=$(kea_hook_link libdhcp_lease_cmds.so)

# one link: namespace "lan" bridges the two servers and the client
ns_new lan
ns_new p1
ns_new p2
ns_new cli
ip -n "$(ns_name lan)" link add br0 type bridge || bail "bridge"
ip -n "$(ns_name lan)" link set br0 up
ns_link p1 kts lan l1 02:00:00:00:0c:01
ns_link p2 kts lan l2 02:00:00:00:0c:02
ns_link cli ktc lan l3 "$CLI_MAC"
for l in l1 l2 l3; do
	ip -n "$(ns_name lan)" link set "$l" master br0 || bail "bridge port $l"
done
ns_addr p1 kts 192.0.2.1/24
ns_addr p2 kts 192.0.2.2/24

# [[192.0.2.1, 192.0.2.2], [198.51.100.1]] (hook parameter) and the
# subnet's [[203.0.113.1]]: the subnet's wins
WANT=04cb007101

# ha_conf ROLE NAME: the configuration of server NAME (server1 primary,
# server2 standby): identical but for this-server-name
ha_conf()
{
	KEA_SOCKET=1 KEA_HOOKS="{ \"library\": \"$LC\" },
  { \"library\": \"$HA\", \"parameters\": { \"high-availability\": [ {
    \"this-server-name\": \"$2\", \"mode\": \"hot-standby\",
    \"heartbeat-delay\": 1000, \"max-response-delay\": 2000,
    \"max-ack-delay\": 1000, \"max-unacked-clients\": 0,
    \"sync-timeout\": 5000,
    \"multi-threading\": { \"enable-multi-threading\": true,
      \"http-dedicated-listener\": true, \"http-listener-threads\": 1,
      \"http-client-threads\": 1 },
    \"peers\": [
      { \"name\": \"server1\", \"url\": \"http://192.0.2.1:8001/\", \"role\": \"primary\", \"auto-failover\": true },
      { \"name\": \"server2\", \"url\": \"http://192.0.2.2:8002/\", \"role\": \"standby\", \"auto-failover\": true } ] } ] } }," \
	kea_conf "$1" 4 kts \
	    '{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ] }' \
	    "\"multi-threading\": { \"enable-multi-threading\": true, \"thread-pool-size\": 2, \"packet-queue-size\": 16 },
  $(kea_subnet4 kts '{ "pcp-servers": [ [ "203.0.113.1" ] ] }')"
}

# offers ROLE: pkt4-offer-sent of ROLE's Kea (Kea's statistics)
offers()
{
	kea_cmd "$1" 4 '{ "command": "statistic-get", "arguments": { "name": "pkt4-offer-sent" } }' |
	    "$NS_PY" -c 'import json, sys
a = json.load(sys.stdin).get("arguments", {}).get("pkt4-offer-sent", [[0]])
print(a[0][0])'
}

# ha_state ROLE STATE: ROLE's Kea logged its move to STATE
ha_state()
{
	grep -q "to $2 state" "$(kea_log "$1" 4)"
}

ha_conf p1 server1
ha_conf p2 server2
# both files but for this-server-name and their own directory
for r in p1 p2; do
	sed "s/\"this-server-name\": \"server[12]\"/NAME/; s#$T/$r/#DIR/#g" \
	    "$T/$r/kea/kea4.json" > "$T/$r.norm"
done
check "the partners' configurations differ only in this-server-name" same \
	"$(cmp -s "$T/p1.norm" "$T/p2.norm" && echo same || echo differ)"
kea_start p1 4 || bail "primary kea-dhcp4 did not start"
P1=$KEA_PID
kea_start p2 4 || bail "standby kea-dhcp4 did not start"
ns_poll "the primary in hot-standby" ha_state p1 HOT-STANDBY ||
    bail "the HA pair did not reach its normal state"
ns_poll "the standby in hot-standby" ha_state p2 HOT-STANDBY ||
    bail "the standby did not reach its normal state"

check "primary: OFFER and ACK carry the subnet's list $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:01 --prl 1,3,6,158)"
check "primary: another client, the same bytes" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:02 --prl 1,3,6,158)"
check "the primary sent the offers, the standby none" "2 0" \
	"$(offers p1) $(offers p2)"
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
ns_poll "the standby to take over (partner-down)" ha_state p2 PARTNER-DOWN ||
    bail "the standby did not take over"
check "standby after failover: the same bytes $WANT" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:03 --prl 1,3,6,158)"
check "standby: a client the primary had served, the same bytes" \
	"OFFER 158 $WANT
ACK 158 $WANT" "$(client4 02:00:00:00:0d:01 --prl 1,3,6,158)"
check "the standby sent these offers" 2 "$(offers p2)"
check "the standby kept the client's address" "$L1" \
	"$(lease_of p2 02:00:00:00:0d:01)"
kea_stop p2 4
finish
