#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A DHCPv4 Kea High Availability pair in load-balancing mode (Kea's own
# libdhcp_ha.so and libdhcp_lease_cmds.so, the HA hook's own HTTP
# listener), both kea-dhcp4 with the pcpsel hook and the same pcp-servers,
# their reservations in one shared PostgreSQL (started here, in the
# bridge's namespace; rows by SQL) and two in the configuration file.
# Eight clients with distinct MACs: Kea's statistics say both servers
# answered some (and together all eight), each a database and a file
# reservation, and every client got exactly its option-158 bytes (RFC 7291
# §4.1): a database reservation's user-context list, a file
# reservation's, else the subnet's.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
ns_init ha-lb4
kea_require
pkt_require
pg_require
ha_lan
ns_addr lan br0 192.0.2.250/24
PG_LISTEN=192.0.2.250 PG_CLIENTS=192.0.2.0/24 pg_start lan

# subnet [[192.0.2.9]]; database reservations [[203.0.113.1]] and
# [[198.51.100.1, 198.51.100.2], [203.0.113.2]]; the file's [[203.0.113.3]]
# and [[203.0.113.4], [198.51.100.4]]
SUBNET=04c0000209
DB1=04cb007101
DB2=08c6336401c633640204cb007102
FILE=04cb007103
FILE2=04cb00710404c6336404

# pg_host MAC CONTEXT: a reservation of MAC in subnet 1
pg_host()
{
	pg_sql "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type,
	    dhcp4_subnet_id, user_context)
	    VALUES (decode('$(echo "$1" | tr -d :)', 'hex'), 0, 1, '$2')"
}
pg_host 02:00:00:00:0e:01 '{ "pcp-servers": [ [ "203.0.113.1" ] ] }' ||
    bail "INSERT of a reservation failed"
pg_host 02:00:00:00:0e:0a '{ "pcp-servers": [ [ "198.51.100.1", "198.51.100.2" ], [ "203.0.113.2" ] ] }' ||
    bail "INSERT of a reservation failed"

# ha_conf ROLE NAME: the configuration of server NAME (server1 primary,
# server2 secondary): identical but for this-server-name
ha_conf()
{
	KEA_SOCKET=1 KEA_HOOKS="$KEA_PGSQL $(ha_hooks "$2" load-balancing secondary)" \
	kea_conf "$1" 4 kts '{ "pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ] ] }' \
	    "$(ha_mt)
  $(pg_hosts_db 192.0.2.250)
  $(kea_subnet4 kts '{ "pcp-servers": [ [ "192.0.2.9" ] ] }' \
	'[ { "hw-address": "02:00:00:00:0e:03", "hostname": "c3", "user-context": { "pcp-servers": [ [ "203.0.113.3" ] ] } },
	   { "hw-address": "02:00:00:00:0e:0b", "hostname": "c11", "user-context": { "pcp-servers": [ [ "203.0.113.4" ], [ "198.51.100.4" ] ] } } ]')"
}

ha_conf p1 server1
ha_conf p2 server2
check "the partners' configurations differ only in this-server-name" same \
	"$(ha_same p1 p2 4 && echo same || echo differ)"
kea_start p1 4 || bail "primary kea-dhcp4 did not start"
kea_start p2 4 || bail "secondary kea-dhcp4 did not start"
ns_poll "the primary in load-balancing" ha_state p1 4 LOAD-BALANCING ||
    bail "the HA pair did not reach its normal state"
ns_poll "the secondary in load-balancing" ha_state p2 4 LOAD-BALANCING ||
    bail "the secondary did not reach its normal state"

# eight clients, each once (Kea's load-balancing hash of these MACs, RFC
# 3074, splits them four and four, a database and a file reservation on
# each side); what each must get, and which server answered (Kea's
# statistics before and after)
O1=0 O2=0 DBBY= FILEBY=
for i in 01 02 03 04 06 0a 0b 0d; do
	case $i in
	01) want=$DB1 what="database reservation" ;;
	0a) want=$DB2 what="database reservation, two servers" ;;
	03) want=$FILE what="file reservation" ;;
	0b) want=$FILE2 what="file reservation" ;;
	*) want=$SUBNET what="no reservation: the subnet's" ;;
	esac
	check "client 02:00:00:00:0e:$i ($what): its list in OFFER and ACK" \
		"OFFER 158 $want
ACK 158 $want" "$(client cli -4 ktc "02:00:00:00:0e:$i" --prl 1,3,6,158)"
	o1=$(kea_stat p1 4 pkt4-offer-sent)
	o2=$(kea_stat p2 4 pkt4-offer-sent)
	by=
	[ "$o1" -gt "$O1" ] && by="${by}server1"
	[ "$o2" -gt "$O2" ] && by="${by}server2"
	O1=$o1 O2=$o2
	note "client 02:00:00:00:0e:$i answered by ${by:-nobody}"
	case $what in
	database*) DBBY="$DBBY $by" ;;
	file*) FILEBY="$FILEBY $by" ;;
	esac
done
note "offers: server1 $O1, server2 $O2"
check "the two servers sent eight offers together" 8 $((O1 + O2))
check "server1 answered some clients" yes "$([ "$O1" -gt 0 ] && echo yes || echo "no ($O1)")"
check "server2 answered some clients" yes "$([ "$O2" -gt 0 ] && echo yes || echo "no ($O2)")"
check "the two database reservations answered one by each server" \
	"server1 server2" "$(printf '%s\n' $DBBY | sort | xargs)"
check "the two file reservations answered one by each server" \
	"server1 server2" "$(printf '%s\n' $FILEBY | sort | xargs)"
check "each server sent as many ACKs as offers" "$O1 $O2" \
	"$(kea_stat p1 4 pkt4-ack-sent) $(kea_stat p2 4 pkt4-ack-sent)"
kea_stop p1 4
kea_stop p2 4
pg_stop
finish
