#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client classes changed at run time by Kea's class_cmds (class-add,
# class-update, class-del: open source in Debian's Kea 3.0): after each
# command the client gets the exact option bytes (RFC 7291 §4.1 option 158,
# §4.2 option 86) of the class list Kea now has, without a reconfiguration
# and from the same process.  Of a client's classes the first in Kea's
# order (the configuration's, class-add's at the end) whose user-context
# has a list wins, as in the configuration file:
#  - class-update giving a class without a list one (its test unchanged:
#    the same clients are in it): its list, for its clients only;
#  - class-update of a class's list: the new list;
#  - class-add of a class with a test and a list: its clients (new packets)
#    get its list; a client also in an earlier class gets the earlier one;
#  - class-del: the next class's list;
#  - class-update with a bad list: logged once naming the class and the
#    value, not used (the next class, else the global list).
# Skips where Kea ships no libdhcp_class_cmds.so (Debian's Kea 2.2, 2.6).
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
d=$(kea_hooks_dir)
[ -f "$d/libdhcp_class_cmds.so" ] ||
	skip_all "Kea $(kea_version) has no libdhcp_class_cmds.so in $d"
CMDS="{ \"library\": \"$(kea_hook_link libdhcp_class_cmds.so)\" },"

# cls NAME TEST [CONTEXT]: a client class map
cls()
{
	printf '{ "name": "%s", "test": "%s"%s }' "$1" "$2" \
	    "${3:+, \"user-context\": $3}"
}

# v4 CHECK MAC WANT: client MAC's OFFER and ACK carry option 158 WANT
v4()
{
	check "$1" "OFFER 158 $3
ACK 158 $3" "$(client4 "$2" --prl 1,3,6,158)"
}

# ---------------------------------------------------------------- DHCPv4
# classes: "first" (client 0c:01) with [[192.0.2.11]]; "second" (every
# 02:00:00:00:0c:xx) without a list; subnet without a list; global
# [[192.0.2.9]]
GLOBAL=04c0000209
FIRST="pkt4.mac == 0x020000000c01"
SECOND="substring(pkt4.mac,0,5) == 0x020000000c"
KEA_SOCKET=1 KEA_HOOKS=$CMDS kea_conf srv 4 kts \
	'{ "pcp-servers": [ [ "192.0.2.9" ] ] }' \
	"$(kea_subnet4 kts '{ "comment": "no list" }')
	\"client-classes\": [
	  $(cls first "$FIRST" '{ "pcp-servers": [ [ "192.0.2.11" ] ] }'),
	  $(cls second "$SECOND" '{ "comment": "no list" }') ],"
kea_start srv 4 || bail "kea-dhcp4 did not start"
PID=$KEA_PID
v4 "at start: class first's list" 02:00:00:00:0c:01 04c000020b
v4 "at start: a client of class second (no list): the global list" \
	02:00:00:00:0c:02 $GLOBAL

kea_cmd_ok "class-update of second: a list, the same test" 4 "{ \"command\": \"class-update\", \"arguments\": { \"client-classes\": [ $(cls second "$SECOND" '{ "pcp-servers": [ [ "203.0.113.5" ] ] }') ] } }"
check_grep "the first class command is logged" \
	"command class-update may have changed Kea's client classes at run time" \
	"$KEA_LOG"
v4 "after class-update: class second's new list" 02:00:00:00:0c:02 04cb007105
v4 "a client of both classes: the first class's list" \
	02:00:00:00:0c:01 04c000020b
v4 "a client in no class: the global list" 02:00:00:00:0d:01 $GLOBAL

kea_cmd_ok "class-update of first's list" 4 "{ \"command\": \"class-update\", \"arguments\": { \"client-classes\": [ $(cls first "$FIRST" '{ "pcp-servers": [ [ "198.51.100.5" ], [ "203.0.113.6" ] ] }') ] } }"
v4 "after class-update: class first's new list" \
	02:00:00:00:0c:01 04c633640504cb007106

kea_cmd_ok "class-add of third (client 0d:03) with a list" 4 "{ \"command\": \"class-add\", \"arguments\": { \"client-classes\": [ $(cls third "pkt4.mac == 0x020000000d03" '{ "pcp-servers": [ [ "203.0.113.7", "203.0.113.8" ] ] }') ] } }"
v4 "a client of the class added at run time: its list" \
	02:00:00:00:0d:03 08cb007107cb007108
kea_cmd_ok "class-add of fourth (client 0c:04, also in second) with a list" 4 "{ \"command\": \"class-add\", \"arguments\": { \"client-classes\": [ $(cls fourth "pkt4.mac == 0x020000000c04" '{ "pcp-servers": [ [ "203.0.113.9" ] ] }') ] } }"
v4 "a client of second and of the added fourth: second's list (first in order)" \
	02:00:00:00:0c:04 04cb007105

kea_cmd_ok "class-del of first" 4 '{ "command": "class-del", "arguments": { "name": "first" } }'
v4 "after class-del: the client's next class's list (second)" \
	02:00:00:00:0c:01 04cb007105

kea_cmd_ok "class-update of second with a bad list (Kea does not check it)" 4 "{ \"command\": \"class-update\", \"arguments\": { \"client-classes\": [ $(cls second "$SECOND" '{ "pcp-servers": [ [ "192.0.2.300" ] ] }') ] } }"
v4 "a bad class list: not used, the client's next class (fourth)" \
	02:00:00:00:0c:04 04cb007109
v4 "a bad class list: not used, no other class: the global list" \
	02:00:00:00:0c:02 $GLOBAL
check_grep "the bad list is logged naming the class and the value" \
	'client class second (class_cmds), server 1, address 1: "192.0.2.300" is not an IPv4 address' \
	"$KEA_LOG"
check "the bad list is logged once (two exchanges)" 1 \
	"$(grep -c 'PCPSEL_RUNTIME_ERROR.*192.0.2.300' "$KEA_LOG")"
check "the same kea-dhcp4 process throughout" "$PID" "$(kea_pid srv 4)"
kea_stop srv 4

# ---------------------------------------------------------------- DHCPv6
S6=20010db8000100000000000000000001
N6=20010db8000000000000000000000005
DUID6="option[1].hex == 0x00030001020000006f01"
KEA_SOCKET=1 KEA_HOOKS=$CMDS kea_conf srv 6 kts '{ }' \
	"$(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::1" ] ] }')
	\"client-classes\": [ $(cls v6c "$DUID6") ],"
kea_start srv 6 || bail "kea-dhcp6 did not start"
PID=$KEA_PID
check "DHCPv6 at start: a client of a class without a list: the subnet's" \
	"ADVERTISE 86 $S6
REPLY 86 $S6" "$(client6_mac 02:00:00:00:6f:01 --oro 23,86)"
kea_cmd_ok "DHCPv6 class-update: a list" 6 "{ \"command\": \"class-update\", \"arguments\": { \"client-classes\": [ $(cls v6c "$DUID6" '{ "pcp-servers": [ [ "2001:db8::5" ] ] }') ] } }"
check "after class-update: the class's list" \
	"ADVERTISE 86 $N6
REPLY 86 $N6" "$(client6_mac 02:00:00:00:6f:01 --oro 23,86)"
check "another DHCPv6 client: the subnet's" \
	"ADVERTISE 86 $S6
REPLY 86 $S6" "$(client6_mac 02:00:00:00:6f:02 --oro 23,86)"
kea_cmd_ok "DHCPv6 class-del" 6 '{ "command": "class-del", "arguments": { "name": "v6c" } }'
check "after class-del: the subnet's" \
	"ADVERTISE 86 $S6
REPLY 86 $S6" "$(client6_mac 02:00:00:00:6f:01 --oro 23,86)"
check "the same kea-dhcp6 process throughout" "$PID" "$(kea_pid srv 6)"
kea_stop srv 6
finish
