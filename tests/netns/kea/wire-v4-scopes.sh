#!/bin/sh
# Real kea-dhcp4: the most specific "pcp-servers" wins on the wire -
# reservation > client class > subnet > shared network > global; an empty
# list sends nothing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup

RES='[ { "hw-address": "02:00:00:00:0a:09", "hostname": "own",
         "user-context": { "pcp-servers": [ [ "192.0.2.44", "192.0.2.45" ] ] } },
       { "hw-address": "02:00:00:00:0a:0a", "hostname": "gold",
         "client-classes": [ "gold" ] },
       { "hw-address": "02:00:00:00:0a:0b", "hostname": "none",
         "user-context": { "pcp-servers": [ ] } } ]'
kt_conf4 "$KT_T/a.json" '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"$(kt_subnet4 '{ "pcp-servers": [ [ "192.0.2.33" ] ] }' "$RES")
	\"client-classes\": [ { \"name\": \"gold\",
	  \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.77\" ] ] } } ],"
kt_start 4 "$KT_T/a.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }
kt_expect "subnet list overrides the global one" \
	"OFFER 158 04c0000221
ACK 158 04c0000221" "$(kt_client4 $KT_CLI_MAC --prl 158)"
kt_expect "reservation list overrides the subnet's" \
	"OFFER 158 08c000022cc000022d
ACK 158 08c000022cc000022d" "$(kt_client4 02:00:00:00:0a:09 --prl 158)"
kt_expect "class (assigned by a reservation) overrides the subnet's" \
	"OFFER 158 04c000024d
ACK 158 04c000024d" "$(kt_client4 02:00:00:00:0a:0a --prl 158)"
kt_expect "empty reservation list: no option" \
	"OFFER none
ACK none" "$(kt_client4 02:00:00:00:0a:0b --prl 158)"
kt_expect_grep "configuration summary logged" \
	"PCPSEL_CONFIGURED pcp-servers configured: global 1 instance(s) of option 158, data 04C0000201, 0 shared network(s), 1 subnet(s), 1 client class(es), 2 reservation(s)" \
	"$KT_KEA_LOG"
kt_stop

# the subnet inherits its shared network's list
kt_conf4 "$KT_T/b.json" '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"\"shared-networks\": [ { \"name\": \"net\", \"interface\": \"$KT_SIF\",
	  \"user-context\": { \"pcp-servers\": [ [ \"198.51.100.9\" ] ] },
	  $(kt_subnet4 | sed 's/,$//') } ],"
kt_start 4 "$KT_T/b.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }
kt_expect "shared network list overrides the global one" \
	"OFFER 158 04c6336409
ACK 158 04c6336409" "$(kt_client4 $KT_CLI_MAC --prl 158)"
kt_stop
kt_done
