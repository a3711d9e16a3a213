#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# DHCPv6 reservations in a host database: real kea-dhcp6 with its
# reservations in a real PostgreSQL (started here by initdb as "nobody",
# schema by kea-admin db-init pgsql), rows put in with SQL as an operator
# would.  A client whose DUID has a reservation whose user-context holds
# "pcp-servers" gets exactly that list's option-86 bytes (RFC 7291 §4.2,
# one instance per server), in ADVERTISE and REPLY; a client without a
# reservation, or whose reservation has no list or a bad one, gets the
# subnet's (the bad one logged once with its host ID and value); a
# reservation changed while Kea runs is served with its new list at once.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
pg_require
pg_start srv

# subnet: [[2001:db8:1::1]]
SUBNET=20010db8000100000000000000000001
# reservation: [[2001:db8::7], [2001:db8::9, 198.51.100.10]]: two
# instances, the IPv4 address IPv4-mapped (RFC 7291 §4.2)
R1=20010db8000000000000000000000007
R2=20010db800000000000000000000000900000000000000000000ffffc633640a
R3=20010db8000000000000000000000008

# pg_host6 MAC CONTEXT: a reservation in subnet 1 of the DUID-LL of MAC
# (type 3, hardware type 1: what the client sends), identifier type 1
# (duid); CONTEXT: the user_context column's text, or NULL
pg_host6()
{
	pg_sql "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type,
	    dhcp6_subnet_id, user_context)
	    VALUES (decode('00030001$(echo "$1" | tr -d :)', 'hex'), 1, 1, $2)"
}

pg_host6 02:00:00:00:6b:01 "'{ \"pcp-servers\": [ [ \"2001:db8::7\" ], [ \"2001:db8::9\", \"198.51.100.10\" ] ] }'" ||
    bail "INSERT of a reservation failed"
pg_host6 02:00:00:00:6b:02 "'{ \"comment\": \"no list\" }'" || bail "INSERT failed"
pg_host6 02:00:00:00:6b:03 NULL || bail "INSERT failed"
pg_host6 02:00:00:00:6b:04 "'{ \"pcp-servers\": [ [ \"2001:db8::zz\" ] ] }'" ||
    bail "INSERT failed"
check "four DHCPv6 reservations in Kea's hosts table" 4 \
    "$(pg_sql 'SELECT count(*) FROM hosts WHERE dhcp6_subnet_id = 1')"

KEA_SOCKET=1 KEA_HOOKS="$KEA_PGSQL" kea_conf srv 6 kts '{ }' \
	"$(pg_hosts_db)
	$(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::1" ] ] }')"
kea_start srv 6 || bail "kea-dhcp6 did not start"

check "reservation with pcp-servers in the database: its list in ADVERTISE and REPLY" \
	"ADVERTISE 86 $R1
ADVERTISE 86 $R2
REPLY 86 $R1
REPLY 86 $R2" "$(client6_mac 02:00:00:00:6b:01 --oro 23,86)"
check "no reservation: the subnet's list" \
	"ADVERTISE 86 $SUBNET
REPLY 86 $SUBNET" "$(client6_mac 02:00:00:00:6a:09 --oro 23,86)"
check "reservation whose user-context has no pcp-servers: the subnet's list" \
	"ADVERTISE 86 $SUBNET
REPLY 86 $SUBNET" "$(client6_mac 02:00:00:00:6b:02 --oro 23,86)"
check "reservation without user-context: the subnet's list" \
	"ADVERTISE 86 $SUBNET
REPLY 86 $SUBNET" "$(client6_mac 02:00:00:00:6b:03 --oro 23,86)"
check "reservation with a bad list: the subnet's list" \
	"ADVERTISE 86 $SUBNET
REPLY 86 $SUBNET" "$(client6_mac 02:00:00:00:6b:04 --oro 23,86)"
check_grep "the bad list is logged with its host ID and value" \
	'duid=00030001020000006B04 (host ID 4) in subnet 1 of the host database, server 1, address 1: "2001:db8::zz" is not an IPv6 or IPv4 address' \
	"$KEA_LOG"
check "the bad list is logged once (two exchanges)" 1 \
	"$(grep -c PCPSEL_HOST_ERROR "$KEA_LOG")"
check "the reservation's client again: the same bytes" \
	"ADVERTISE 86 $R1
ADVERTISE 86 $R2
REPLY 86 $R1
REPLY 86 $R2" "$(client6_mac 02:00:00:00:6b:01 --oro 23,86)"
check "no 86 in the ORO: nothing, reservation or not" \
	"ADVERTISE none
REPLY none" "$(client6_mac 02:00:00:00:6b:01 --oro 23)"
check "Information-request of the reservation's client: its list" \
	"REPLY 86 $R1
REPLY 86 $R2" "$(client6_mac 02:00:00:00:6b:01 --oro 86 --inforeq)"

# the operator changes and adds reservations while Kea runs
pg_sql "UPDATE hosts SET user_context = '{ \"pcp-servers\": [ [ \"2001:db8::8\" ] ] }'
    WHERE dhcp_identifier = decode('00030001020000006b01', 'hex')" >/dev/null ||
    bail "UPDATE failed"
pg_host6 02:00:00:00:6b:05 "'{ \"pcp-servers\": [] }'" || bail "INSERT failed"
check "changed in the database while Kea runs: the new list at once" \
	"ADVERTISE 86 $R3
REPLY 86 $R3" "$(client6_mac 02:00:00:00:6b:01 --oro 23,86)"
check "added while Kea runs with an empty list: no option 86" \
	"ADVERTISE none
REPLY none" "$(client6_mac 02:00:00:00:6b:05 --oro 23,86)"
check_grep "the log names the database reservation the list came from" \
	"option 86 from reservation duid=00030001020000006B01 (host ID 1) in subnet 1 of the host database" \
	"$KEA_LOG"
kea_stop srv 6
pg=$PG_PID
pg_stop
check "PostgreSQL's server stopped by its PID" dead \
	"$(ns_alive "$pg" && echo alive || echo dead)"
check "PostgreSQL stopped by its PID: no process left on its data directory" "" \
	"$(pgrep -f "$T/pg/data")"
finish
