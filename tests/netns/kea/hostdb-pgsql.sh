#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Reservations in a host database: real kea-dhcp4 with its reservations in a
# real PostgreSQL (started here by initdb as "nobody", schema by kea-admin
# db-init pgsql), rows put in with SQL as an operator would.  A client with
# a reservation whose user-context holds "pcp-servers" gets exactly that
# list's option-158 bytes (RFC 7291 §4.1), in OFFER and ACK; a client
# without gets the subnet's; a reservation without the key or with a bad
# value gets the subnet's too (the bad one logged with its host ID and
# value); a reservation changed while Kea runs is served with its new list
# at the next exchange.  With the hook parameter "host-database-lookup":
# false, the database reservation's client gets the subnet's list and (Kea
# 3.0) a reservation host_cmds put into Kea's memory its own.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
pg_require
pg_start srv

# subnet: [[192.0.2.1]] -> 04 c0000201
SUBNET=04c0000201
# reservation: [[203.0.113.7], [198.51.100.9, 198.51.100.10]]
#   -> 04 cb007107, 08 c6336409 c633640a
RESV=04cb00710708c6336409c633640a
RESV2=04cb007108

# pg_host MAC CONTEXT: a reservation of MAC in subnet 1 (CONTEXT: the
# user_context column's text, or NULL)
pg_host()
{
	pg_sql "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type,
	    dhcp4_subnet_id, user_context)
	    VALUES (decode('$(echo "$1" | tr -d :)', 'hex'), 0, 1, $2)"
}

pg_host 02:00:00:00:0b:01 "'{ \"pcp-servers\": [ [ \"203.0.113.7\" ], [ \"198.51.100.9\", \"198.51.100.10\" ] ] }'" ||
    bail "INSERT of a reservation failed"
pg_host 02:00:00:00:0b:02 "'{ \"comment\": \"no list\" }'" || bail "INSERT failed"
pg_host 02:00:00:00:0b:03 NULL || bail "INSERT failed"
pg_host 02:00:00:00:0b:04 "'{ \"pcp-servers\": [ [ \"192.0.2.300\" ] ] }'" ||
    bail "INSERT failed"
check "four reservations in Kea's hosts table" 4 \
    "$(pg_sql 'SELECT count(*) FROM hosts')"

# Kea's host_cmds where the release ships it (open source since 2.7.7:
# Kea 3.0 on Debian unstable): reservations added through the control socket
HC=
d=$(kea_hooks_dir)
[ -f "$d/libdhcp_host_cmds.so" ] &&
    HC="{ \"library\": \"$(kea_hook_link libdhcp_host_cmds.so)\" },"
KEA_SOCKET=1 KEA_HOOKS="$KEA_PGSQL $HC" kea_conf srv 4 kts '{ }' \
	"$(pg_hosts_db)
	$(kea_subnet4 kts '{ "pcp-servers": [ [ "192.0.2.1" ] ] }')"
kea_start srv 4 || bail "kea-dhcp4 did not start"

check "reservation with pcp-servers in the database: its list in OFFER and ACK" \
	"OFFER 158 $RESV
ACK 158 $RESV" "$(client4 02:00:00:00:0b:01 --prl 1,3,6,158)"
check "no reservation: the subnet's list" \
	"OFFER 158 $SUBNET
ACK 158 $SUBNET" "$(client4 02:00:00:00:0a:09 --prl 1,3,6,158)"
check "reservation whose user-context has no pcp-servers: the subnet's list" \
	"OFFER 158 $SUBNET
ACK 158 $SUBNET" "$(client4 02:00:00:00:0b:02 --prl 1,3,6,158)"
check "reservation without user-context: the subnet's list" \
	"OFFER 158 $SUBNET
ACK 158 $SUBNET" "$(client4 02:00:00:00:0b:03 --prl 1,3,6,158)"
check "reservation with a bad list: the subnet's list" \
	"OFFER 158 $SUBNET
ACK 158 $SUBNET" "$(client4 02:00:00:00:0b:04 --prl 1,3,6,158)"
check_grep "the bad list is logged with its host ID and value" \
	'hwaddr=020000000B04 (host ID 4) in subnet 1 of the host database, server 1, address 1: "192.0.2.300" is not an IPv4 address' \
	"$KEA_LOG"
check "the bad list is logged once (two exchanges)" 1 \
	"$(grep -c PCPSEL_HOST_ERROR "$KEA_LOG")"
check "the reservation's client again: the same bytes" \
	"OFFER 158 $RESV
ACK 158 $RESV" "$(client4 02:00:00:00:0b:01 --prl 1,3,6,158)"
check "no PRL 158: nothing, reservation or not" \
	"OFFER none
ACK none" "$(client4 02:00:00:00:0b:01 --prl 1,3,6)"

# the operator changes and adds reservations while Kea runs
pg_sql "UPDATE hosts SET user_context = '{ \"pcp-servers\": [ [ \"203.0.113.8\" ] ] }'
    WHERE dhcp_identifier = decode('020000000b01', 'hex')" >/dev/null ||
    bail "UPDATE failed"
pg_host 02:00:00:00:0b:05 "'{ \"pcp-servers\": [] }'" || bail "INSERT failed"
check "changed in the database while Kea runs: the new list at once" \
	"OFFER 158 $RESV2
ACK 158 $RESV2" "$(client4 02:00:00:00:0b:01 --prl 1,3,6,158)"
check "added while Kea runs with an empty list: no option 158" \
	"OFFER none
ACK none" "$(client4 02:00:00:00:0b:05 --prl 1,3,6,158)"
check_grep "the log names the database reservation the list came from" \
	"option 158 from reservation hwaddr=020000000B01 (host ID 1) in subnet 1 of the host database" \
	"$KEA_LOG"
if [ -n "$HC" ]; then
	R=$(kea_cmd srv 4 '{ "command": "reservation-add", "arguments": { "reservation": { "subnet-id": 1, "hw-address": "02:00:00:00:0b:06", "user-context": { "pcp-servers": [ [ "203.0.113.6" ] ] } } } }' |
	    "$NS_PY" -c 'import json, sys; print(json.load(sys.stdin).get("result"))')
	check "host_cmds reservation-add with a user-context: accepted" 0 "$R"
	check "host_cmds put the reservation in the database" 1 \
	    "$(pg_sql "SELECT count(*) FROM hosts WHERE dhcp_identifier = decode('020000000b06', 'hex')")"
	check "the client of the reservation added by host_cmds: its list" \
		"OFFER 158 04cb007106
ACK 158 04cb007106" "$(client4 02:00:00:00:0b:06 --prl 1,3,6,158)"
else
	note "no libdhcp_host_cmds.so in $d: reservation-add not tested on Kea $(kea_version)"
fi
kea_stop srv 4

# "host-database-lookup": false: the hook asks the database nothing; a
# client with a database reservation gets the subnet's list (Kea still
# serves the reservation itself); a reservation host_cmds put into Kea's
# memory still gets its own
KEA_SOCKET=1 KEA_HOOKS="$KEA_PGSQL $HC" kea_conf srv 4 kts \
	'{ "host-database-lookup": false }' \
	"$(pg_hosts_db)
	$(kea_subnet4 kts '{ "pcp-servers": [ [ "192.0.2.1" ] ] }')"
# (a fresh log: kea_start waits for this Kea's DHCP4_STARTED)
: > "$(kea_log srv 4)"
kea_start srv 4 || bail "kea-dhcp4 did not start"
# (Kea logs the load into its early log or its own, by release)
cat "$T/srv/kea/early4.log" "$KEA_LOG" > "$T/load.log"
check_grep "host-database-lookup false: logged at load" \
	"PCPSEL_LOAD pcpsel hook library loaded into kea-dhcp4 (always-send false, host-database-lookup false," "$T/load.log"
check "host-database-lookup false: the database reservation's client gets the subnet's list" \
	"OFFER 158 $SUBNET
ACK 158 $SUBNET" "$(client4 02:00:00:00:0b:01 --prl 1,3,6,158)"
if [ -n "$HC" ]; then
	R=$(kea_cmd srv 4 '{ "command": "reservation-add", "arguments": { "reservation": { "subnet-id": 1, "hw-address": "02:00:00:00:0b:07", "user-context": { "pcp-servers": [ [ "203.0.113.17" ] ] } }, "operation-target": "memory" } }' |
	    "$NS_PY" -c 'import json, sys; print(json.load(sys.stdin).get("result"))')
	check "host_cmds reservation-add into Kea's memory: accepted" 0 "$R"
	check "host-database-lookup false: the in-memory reservation's client gets its list" \
		"OFFER 158 04cb007111
ACK 158 04cb007111" "$(client4 02:00:00:00:0b:07 --prl 1,3,6,158)"
	check "... and the database reservation's client still the subnet's" \
		"OFFER 158 $SUBNET
ACK 158 $SUBNET" "$(client4 02:00:00:00:0b:01 --prl 1,3,6,158)"
fi
kea_stop srv 4
pg=$PG_PID
pg_stop
check "PostgreSQL's server stopped by its PID" dead \
	"$(ns_alive "$pg" && echo alive || echo dead)"
check "PostgreSQL stopped by its PID: no process left on its data directory" "" \
	"$(pgrep -f "$T/pg/data")"
finish
