#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Configuration changed at run time through Kea's control socket: after
# config-set (a whole new configuration in the command) and config-reload
# (the file re-read), kea-dhcp4 serves the new subnet list's exact
# option-158 bytes (RFC 7291 §4.1), without a restart (same PID); a
# config-set whose pcp-servers is bad is refused by Kea with the hook's
# message naming the value; a good one afterwards is served again; the
# hook's debug line per reply (PCPSEL_SENT) follows each configuration's
# loggers.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

# conf LIST: kea_conf's file with the subnet's "pcp-servers" LIST
conf()
{
	KEA_SOCKET=1 kea_conf srv 4 kts '{ }' \
	    "$(kea_subnet4 kts "{ \"pcp-servers\": $1 }")"
}

# config_set: config-set with the file's configuration; prints the result
# code and text
config_set()
{
	kea_cmd_result srv 4 "{ \"command\": \"config-set\", \"arguments\": $(cat "$T/srv/kea/kea4.json") }"
}

# set_served WHAT LIST HEX MAC: a config-set with LIST (conf) is accepted
# and the next exchange, of client MAC, gets option 158 of bytes HEX
set_served()
{
	conf "$2"
	R=$(config_set)
	check "$1: config-set accepted" 0 "${R%% *}"
	check "$1: the list is served" "OFFER 158 $3
ACK 158 $3" "$(client4 "$4" --prl 1,3,6,158)"
}

conf '[ [ "192.0.2.1" ] ]'
kea_start srv 4 || bail "kea-dhcp4 did not start"
PID=$KEA_PID
check "at start: the subnet's list" \
	"OFFER 158 04c0000201
ACK 158 04c0000201" "$(client4 02:00:00:00:0e:01 --prl 1,3,6,158)"

set_served "a new list" '[ [ "203.0.113.5" ], [ "198.51.100.5" ] ]' \
	04cb00710504c6336405 02:00:00:00:0e:02

conf '[ [ "198.51.100.7", "198.51.100.8" ] ]'
R=$(kea_cmd srv 4 '{ "command": "config-reload" }' |
    "$NS_PY" -c 'import json, sys; print(json.load(sys.stdin).get("result"))')
check "config-reload accepted" 0 "$R"
check "after config-reload: the file's new list" \
	"OFFER 158 08c6336407c6336408
ACK 158 08c6336407c6336408" "$(client4 02:00:00:00:0e:03 --prl 1,3,6,158)"

conf '[ [ "198.51.100.256" ] ]'
R=$(config_set)
check "config-set with a bad pcp-servers: refused" 1 "${R%% *}"
case $R in
*198.51.100.256*) ok "Kea's answer names the bad value" ;;
*) not_ok "Kea's answer names the bad value" "got: $R" ;;
esac

set_served "a good list after the refused one" '[ [ "203.0.113.9" ] ]' \
	04cb007109 02:00:00:00:0e:04

# sent: the number of PCPSEL_SENT lines (debug) in Kea's log
sent()
{
	grep -c PCPSEL_SENT "$(kea_log srv 4)"
}

# the hook learns the loggers of each configuration (it asks whether
# PCPSEL_SENT is logged when Kea applies one, not per reply)
N0=$(sent)
KEA_HOOK_SEVERITY=INFO
set_served "the hook's logger at INFO" '[ [ "203.0.113.9" ] ]' 04cb007109 \
	02:00:00:00:0e:05
unset KEA_HOOK_SEVERITY
check "at INFO: no PCPSEL_SENT logged" "$N0" "$(sent)"
set_served "the hook's logger at DEBUG again" '[ [ "203.0.113.9" ] ]' \
	04cb007109 02:00:00:00:0e:06
check "at DEBUG: PCPSEL_SENT logged for the OFFER and the ACK" \
	"$((N0 + 2))" "$(sent)"
check "the same kea-dhcp4 process throughout" "$PID" "$(kea_pid srv 4)"
ns_alive "$PID" && ok "kea-dhcp4 still running" || not_ok "kea-dhcp4 still running"
kea_stop srv 4
finish
