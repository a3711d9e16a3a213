#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A DHCPv6 Kea High Availability pair in load-balancing mode (Kea's own
# libdhcp_ha.so and libdhcp_lease_cmds.so, the HA hook's own HTTP
# listener), both kea-dhcp6 with the pcpsel hook and the same pcp-servers,
# their reservations in one shared PostgreSQL (started here, in the
# bridge's namespace; rows by SQL) and two in the configuration file.
# Eight clients with distinct DUIDs: Kea's statistics say both servers
# answered some (and together all eight), each a database and a file
# reservation, and every client got exactly its option-86 bytes (RFC 7291
# §4.2): a database reservation's user-context list, a file
# reservation's, else the subnet's.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
ns_init ha-lb6
kea_require
pkt_require
pg_require
ha_lan
ns_addr lan br0 192.0.2.250/24
PG_LISTEN=192.0.2.250 PG_CLIENTS=192.0.2.0/24 pg_start lan

# the clients (their DUID-LL: 00030001 and the MAC); Kea's load-balancing
# hash of these DUIDs (RFC 3074) splits them four and four, a database
# and a file reservation on each side
CLIENTS="01 02 03 05 06 07 0a 0b"
DBR1=01 DBR2=06 FR1=02 FR2=07

# subnet [[2001:db8:1::9]]; database reservations [[2001:db8::a1]] and
# [[2001:db8::a2, 2001:db8::a3], [198.51.100.2]] (IPv4-mapped); the file's
# [[2001:db8::b1]] and [[2001:db8::b2], [2001:db8::b3]]: one option-86
# instance per server
P=20010db8000000000000000000000
SUBNET=20010db8000100000000000000000009
DB1=${P}0a1
DB2="${P}0a2${P}0a3 00000000000000000000ffffc6336402"
FILE=${P}0b1
FILE2="${P}0b2 ${P}0b3"

# want INSTANCE...: what the client prints for these option-86 instances
want()
{
	local i
	for i do echo "ADVERTISE 86 $i"; done
	for i do echo "REPLY 86 $i"; done
}

# pg_host6 MAC CONTEXT: a reservation of the DUID-LL of MAC in subnet 1
pg_host6()
{
	pg_sql "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type,
	    dhcp6_subnet_id, user_context)
	    VALUES (decode('00030001$(echo "$1" | tr -d :)', 'hex'), 1, 1, '$2')"
}
pg_host6 02:00:00:00:6e:$DBR1 '{ "pcp-servers": [ [ "2001:db8::a1" ] ] }' ||
    bail "INSERT of a reservation failed"
pg_host6 02:00:00:00:6e:$DBR2 '{ "pcp-servers": [ [ "2001:db8::a2", "2001:db8::a3" ], [ "198.51.100.2" ] ] }' ||
    bail "INSERT of a reservation failed"

# ha_conf ROLE NAME: the configuration of server NAME (server1 primary,
# server2 secondary): identical but for this-server-name
ha_conf()
{
	KEA_SOCKET=1 KEA_HOOKS="$KEA_PGSQL $(ha_hooks "$2" load-balancing secondary)" \
	kea_conf "$1" 6 kts '{ "pcp-servers": [ [ "2001:db8::1" ] ] }' \
	    "$(ha_mt)
  $(pg_hosts_db 192.0.2.250)
  $(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::9" ] ] }' \
	"[ { \"duid\": \"00:03:00:01:02:00:00:00:6e:$FR1\", \"hostname\": \"f1\", \"user-context\": { \"pcp-servers\": [ [ \"2001:db8::b1\" ] ] } },
	   { \"duid\": \"00:03:00:01:02:00:00:00:6e:$FR2\", \"hostname\": \"f2\", \"user-context\": { \"pcp-servers\": [ [ \"2001:db8::b2\" ], [ \"2001:db8::b3\" ] ] } } ]")"
}

ha_conf p1 server1
ha_conf p2 server2
check "the partners' configurations differ only in this-server-name" same \
	"$(ha_same p1 p2 6 && echo same || echo differ)"
kea_start p1 6 || bail "primary kea-dhcp6 did not start"
kea_start p2 6 || bail "secondary kea-dhcp6 did not start"
ns_poll "the primary in load-balancing" ha_state p1 6 LOAD-BALANCING ||
    bail "the HA pair did not reach its normal state"
ns_poll "the secondary in load-balancing" ha_state p2 6 LOAD-BALANCING ||
    bail "the secondary did not reach its normal state"

# each client once: what it must get, and which server answered (Kea's
# statistics before and after)
O1=0 O2=0 DBBY= FILEBY= N=0
for i in $CLIENTS; do
	case $i in
	"$DBR1") w=$(want $DB1) what="database reservation" ;;
	"$DBR2") w=$(want $DB2) what="database reservation, two servers" ;;
	"$FR1") w=$(want $FILE) what="file reservation" ;;
	"$FR2") w=$(want $FILE2) what="file reservation, two servers" ;;
	*) w=$(want $SUBNET) what="no reservation: the subnet's" ;;
	esac
	check "client DUID-LL 02:00:00:00:6e:$i ($what): its list in ADVERTISE and REPLY" \
		"$w" "$(client cli -6 ktc "02:00:00:00:6e:$i" --src "$CLI_LL" --oro 23,86)"
	o1=$(kea_stat p1 6 pkt6-advertise-sent)
	o2=$(kea_stat p2 6 pkt6-advertise-sent)
	by=
	[ "$o1" -gt "$O1" ] && by="${by}server1"
	[ "$o2" -gt "$O2" ] && by="${by}server2"
	O1=$o1 O2=$o2 N=$((N + 1))
	note "client 02:00:00:00:6e:$i answered by ${by:-nobody}"
	case $what in
	database*) DBBY="$DBBY $by" ;;
	file*) FILEBY="$FILEBY $by" ;;
	esac
done
note "ADVERTISEs: server1 $O1, server2 $O2"
check "the two servers sent one ADVERTISE per client together" $N $((O1 + O2))
check "server1 answered some clients" yes "$([ "$O1" -gt 0 ] && echo yes || echo "no ($O1)")"
check "server2 answered some clients" yes "$([ "$O2" -gt 0 ] && echo yes || echo "no ($O2)")"
check "the two database reservations answered one by each server" \
	"server1 server2" "$(printf '%s\n' $DBBY | sort | xargs)"
check "the two file reservations answered one by each server" \
	"server1 server2" "$(printf '%s\n' $FILEBY | sort | xargs)"
check "each server sent as many REPLYs as ADVERTISEs" "$O1 $O2" \
	"$(kea_stat p1 6 pkt6-reply-sent) $(kea_stat p2 6 pkt6-reply-sent)"
kea_stop p1 6
kea_stop p2 6
pg_stop
finish
