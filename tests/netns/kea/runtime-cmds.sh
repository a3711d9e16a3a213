#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Subnets, shared networks and reservations changed at run time by Kea's own
# commands (subnet_cmds, host_cmds: open source since Kea 2.7.7, Debian's
# Kea 3.0), with no host database: after each command the client gets the
# exact option bytes (RFC 7291 §4.1 option 158, §4.2 option 86) of what Kea
# now has, without a reconfiguration and from the same process:
#  - subnet4-update / subnet6-update: the subnet's new list; a list removed:
#    the global one; a bad list: logged naming the value, the global one;
#  - subnet4-del + subnet4-add: a subnet ID the configuration never had,
#    with the prefix of the deleted one: the new subnet's list;
#  - reservation-add into Kea's memory: the reservation's list (another
#    client: the subnet's); reservation-update: its new list;
#    reservation-del: the subnet's again;
#  - network4-add: a shared network's list for its subnet.
# Skips where Kea ships no libdhcp_subnet_cmds.so / libdhcp_host_cmds.so
# (Debian's Kea 2.2 and 2.6.3).
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
d=$(kea_hooks_dir)
for h in libdhcp_subnet_cmds.so libdhcp_host_cmds.so; do
	[ -f "$d/$h" ] || skip_all "Kea $(kea_version) has no $h in $d"
done
CMDS="{ \"library\": \"$(kea_hook_link libdhcp_subnet_cmds.so)\" },
    { \"library\": \"$(kea_hook_link libdhcp_host_cmds.so)\" },"

# sub4 ID CONTEXT: a subnet4 map on the link (CONTEXT: its user-context)
sub4()
{
	printf '{ "id": %s, "subnet": "192.0.2.0/24", "interface": "kts", "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ]%s }' \
	    "$1" "${2:+, \"user-context\": $2}"
}

# ---------------------------------------------------------------- DHCPv4
# global [[192.0.2.9]]: 04c0000209
GLOBAL=04c0000209
KEA_SOCKET=1 KEA_HOOKS=$CMDS kea_conf srv 4 kts \
	'{ "pcp-servers": [ [ "192.0.2.9" ] ] }' \
	"$(kea_subnet4 kts '{ "pcp-servers": [ [ "192.0.2.1" ] ] }')"
kea_start srv 4 || bail "kea-dhcp4 did not start"
PID=$KEA_PID
check "at start: the subnet's list" \
	"OFFER 158 04c0000201
ACK 158 04c0000201" "$(client4 02:00:00:00:0f:01 --prl 1,3,6,158)"

kea_cmd_ok "subnet4-update with a new list" 4 "{ \"command\": \"subnet4-update\", \"arguments\": { \"subnet4\": [ $(sub4 1 '{ "pcp-servers": [ [ "203.0.113.5" ], [ "198.51.100.5" ] ] }') ] } }"
check "after subnet4-update: the subnet's new list" \
	"OFFER 158 04cb00710504c6336405
ACK 158 04cb00710504c6336405" "$(client4 02:00:00:00:0f:02 --prl 1,3,6,158)"

kea_cmd_ok "subnet4-update without pcp-servers" 4 "{ \"command\": \"subnet4-update\", \"arguments\": { \"subnet4\": [ $(sub4 1 '{ "comment": "no list" }') ] } }"
check "after it: the global list" \
	"OFFER 158 $GLOBAL
ACK 158 $GLOBAL" "$(client4 02:00:00:00:0f:03 --prl 1,3,6,158)"

kea_cmd_ok "subnet4-update with a bad list (Kea does not check it)" 4 "{ \"command\": \"subnet4-update\", \"arguments\": { \"subnet4\": [ $(sub4 1 '{ "pcp-servers": [ [ "192.0.2.300" ] ] }') ] } }"
check "a bad list at run time: not used, the global list" \
	"OFFER 158 $GLOBAL
ACK 158 $GLOBAL" "$(client4 02:00:00:00:0f:04 --prl 1,3,6,158)"
check_grep "the bad list is logged naming the subnet and the value" \
	'subnet 192.0.2.0/24 (id 1) changed at run time, server 1, address 1: "192.0.2.300" is not an IPv4 address' \
	"$KEA_LOG"
client4 02:00:00:00:0f:05 --prl 1,3,6,158 > /dev/null
check "the bad list is logged once (two exchanges)" 1 \
	"$(grep -c 'PCPSEL_RUNTIME_ERROR.*192.0.2.300' "$KEA_LOG")"

kea_cmd_ok "subnet4-del of subnet 1" 4 '{ "command": "subnet4-del", "arguments": { "id": 1 } }'
kea_cmd_ok "subnet4-add of subnet 2, same prefix" 4 "{ \"command\": \"subnet4-add\", \"arguments\": { \"subnet4\": [ $(sub4 2 '{ "pcp-servers": [ [ "198.51.100.7", "198.51.100.8" ] ] }') ] } }"
check "a subnet added at run time: its list" \
	"OFFER 158 08c6336407c6336408
ACK 158 08c6336407c6336408" "$(client4 02:00:00:00:0f:06 --prl 1,3,6,158)"

kea_cmd_ok "reservation-add into memory, with a list" 4 '{ "command": "reservation-add", "arguments": { "reservation": { "subnet-id": 2, "hw-address": "02:00:00:00:0f:07", "user-context": { "pcp-servers": [ [ "203.0.113.6" ] ] } }, "operation-target": "memory" } }'
kea_cmd_ok "reservation-add into memory, without a list" 4 '{ "command": "reservation-add", "arguments": { "reservation": { "subnet-id": 2, "hw-address": "02:00:00:00:0f:08", "hostname": "no-list" }, "operation-target": "memory" } }'
check "the client of the in-memory reservation: its list" \
	"OFFER 158 04cb007106
ACK 158 04cb007106" "$(client4 02:00:00:00:0f:07 --prl 1,3,6,158)"
check "the client of the reservation without a list: the subnet's" \
	"OFFER 158 08c6336407c6336408
ACK 158 08c6336407c6336408" "$(client4 02:00:00:00:0f:08 --prl 1,3,6,158)"
check "a client without a reservation: the subnet's" \
	"OFFER 158 08c6336407c6336408
ACK 158 08c6336407c6336408" "$(client4 02:00:00:00:0f:09 --prl 1,3,6,158)"
check_grep "the log names the in-memory reservation" \
	"option 158 from reservation hwaddr=020000000F07 (host ID 1) in subnet 2 in Kea's memory" "$KEA_LOG"

kea_cmd_ok "reservation-update of its list" 4 '{ "command": "reservation-update", "arguments": { "reservation": { "subnet-id": 2, "hw-address": "02:00:00:00:0f:07", "user-context": { "pcp-servers": [ [ "203.0.113.16" ] ] } }, "operation-target": "memory" } }'
check "after reservation-update: the reservation's new list" \
	"OFFER 158 04cb007110
ACK 158 04cb007110" "$(client4 02:00:00:00:0f:07 --prl 1,3,6,158)"
kea_cmd_ok "reservation-del" 4 '{ "command": "reservation-del", "arguments": { "subnet-id": 2, "identifier-type": "hw-address", "identifier": "02:00:00:00:0f:07", "operation-target": "memory" } }'
check "after reservation-del: the subnet's list" \
	"OFFER 158 08c6336407c6336408
ACK 158 08c6336407c6336408" "$(client4 02:00:00:00:0f:07 --prl 1,3,6,158)"

kea_cmd_ok "subnet4-del of subnet 2" 4 '{ "command": "subnet4-del", "arguments": { "id": 2 } }'
kea_cmd_ok "network4-add: a shared network with a list and a subnet without" 4 "{ \"command\": \"network4-add\", \"arguments\": { \"shared-networks\": [ { \"name\": \"net1\", \"interface\": \"kts\", \"user-context\": { \"pcp-servers\": [ [ \"203.0.113.77\" ] ] }, \"subnet4\": [ $(sub4 3) ] } ] } }"
check "a subnet of a shared network added at run time: the network's list" \
	"OFFER 158 04cb00714d
ACK 158 04cb00714d" "$(client4 02:00:00:00:0f:0a --prl 1,3,6,158)"
check "the same kea-dhcp4 process throughout" "$PID" "$(kea_pid srv 4)"
kea_stop srv 4

# ---------------------------------------------------------------- DHCPv6
# sub6 CONTEXT: subnet 1 on the link
sub6()
{
	printf '{ "id": 1, "subnet": "2001:db8:1::/64", "interface": "kts", "pools": [ { "pool": "2001:db8:1::100 - 2001:db8:1::1ff" } ]%s }' \
	    "${1:+, \"user-context\": $1}"
}
S6=20010db8000100000000000000000001
N6=20010db8000000000000000000000005
R6=20010db8000000000000000000000006
KEA_SOCKET=1 KEA_HOOKS=$CMDS kea_conf srv 6 kts '{ }' \
	"$(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::1" ] ] }')"
kea_start srv 6 || bail "kea-dhcp6 did not start"
PID=$KEA_PID
check "DHCPv6 at start: the subnet's list" \
	"ADVERTISE 86 $S6
REPLY 86 $S6" "$(client6_mac 02:00:00:00:6f:01 --oro 23,86)"
kea_cmd_ok "subnet6-update with a new list" 6 "{ \"command\": \"subnet6-update\", \"arguments\": { \"subnet6\": [ $(sub6 '{ "pcp-servers": [ [ "2001:db8::5" ] ] }') ] } }"
check "after subnet6-update: the subnet's new list" \
	"ADVERTISE 86 $N6
REPLY 86 $N6" "$(client6_mac 02:00:00:00:6f:02 --oro 23,86)"
kea_cmd_ok "DHCPv6 reservation-add into memory, by DUID" 6 '{ "command": "reservation-add", "arguments": { "reservation": { "subnet-id": 1, "duid": "00:03:00:01:02:00:00:00:6f:03", "user-context": { "pcp-servers": [ [ "2001:db8::6" ] ] } }, "operation-target": "memory" } }'
check "the client of the in-memory DHCPv6 reservation: its list" \
	"ADVERTISE 86 $R6
REPLY 86 $R6" "$(client6_mac 02:00:00:00:6f:03 --oro 23,86)"
check "another DHCPv6 client: the subnet's new list" \
	"ADVERTISE 86 $N6
REPLY 86 $N6" "$(client6_mac 02:00:00:00:6f:04 --oro 23,86)"
kea_cmd_ok "subnet6-update without a list" 6 "{ \"command\": \"subnet6-update\", \"arguments\": { \"subnet6\": [ $(sub6) ] } }"
check "DHCPv6, no list anywhere now: no option 86" \
	"ADVERTISE none
REPLY none" "$(client6_mac 02:00:00:00:6f:05 --oro 23,86)"
check "the same kea-dhcp6 process throughout" "$PID" "$(kea_pid srv 6)"
kea_stop srv 6
finish
