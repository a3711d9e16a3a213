#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Real kea-dhcp4: the most specific "pcp-servers" wins on the wire -
# reservation > client class > subnet > shared network > global; an empty
# list sends nothing.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

RES='[ { "hw-address": "02:00:00:00:0a:09", "hostname": "own",
         "user-context": { "pcp-servers": [ [ "192.0.2.44", "192.0.2.45" ] ] } },
       { "hw-address": "02:00:00:00:0a:0a", "hostname": "gold",
         "client-classes": [ "gold" ] },
       { "hw-address": "02:00:00:00:0a:0b", "hostname": "none",
         "user-context": { "pcp-servers": [ ] } } ]'
kea_conf srv 4 kts '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"$(kea_subnet4 kts '{ "pcp-servers": [ [ "192.0.2.33" ] ] }' "$RES")
	\"client-classes\": [ { \"name\": \"gold\",
	  \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.77\" ] ] } } ],"
kea_start srv 4 || bail "kea-dhcp4 did not start"
check "subnet list overrides the global one" \
	"OFFER 158 04c0000221
ACK 158 04c0000221" "$(client4 $CLI_MAC --prl 158)"
check "reservation list overrides the subnet's" \
	"OFFER 158 08c000022cc000022d
ACK 158 08c000022cc000022d" "$(client4 02:00:00:00:0a:09 --prl 158)"
check "class (assigned by a reservation) overrides the subnet's" \
	"OFFER 158 04c000024d
ACK 158 04c000024d" "$(client4 02:00:00:00:0a:0a --prl 158)"
check "empty reservation list: no option" \
	"OFFER none
ACK none" "$(client4 02:00:00:00:0a:0b --prl 158)"
check_grep "configuration summary logged" \
	"PCPSEL_CONFIGURED pcp-servers configured: global 1 instance(s) of option 158, data 04C0000201, 0 shared network(s), 1 subnet(s), 1 client class(es), 2 reservation(s)" \
	"$KEA_LOG"
ns_stop "$KEA_PID"

# the subnet inherits its shared network's list
kea_conf srv 4 kts '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"\"shared-networks\": [ { \"name\": \"net\", \"interface\": \"kts\",
	  \"user-context\": { \"pcp-servers\": [ [ \"198.51.100.9\" ] ] },
	  $(kea_subnet4 kts | sed 's/,$//') } ],"
kea_start srv 4 || bail "kea-dhcp4 did not start"
check "shared network list overrides the global one" \
	"OFFER 158 04c6336409
ACK 158 04c6336409" "$(client4 $CLI_MAC --prl 158)"
ns_stop "$KEA_PID"
finish
