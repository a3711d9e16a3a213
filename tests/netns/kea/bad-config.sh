#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A bad pcp-servers value makes the real kea-dhcp4 / kea-dhcp6 refuse the
# configuration at startup: the process exits with status 1 and the log
# holds libpcpsel's message naming the parameter, the scope and the value;
# `pcpsel kea-check` on the same file gives the same verdict (exit 65) with
# the same message (it reads the file with the same kea-dhcpX's parser and
# judges it with the hook's own code).
# Bad hook parameters are refused by load() (PCPSEL_LOAD_ERROR); bad
# user-context values by the dhcpX_srv_configured callout (status DROP plus
# an "error" argument, PCPSEL_CONFIG_ERROR).
# A key given twice in one JSON map is refused by Kea's own parser before
# the hook sees it (exit 1 all the same); kea-check passes Kea's message on.
# Rules: RFC 7291 §4.1 (IPv4 only in option 158, List-Length one octet:
# at most 63 addresses, at least one), §5 (usable addresses), R7291-17
# (each address once), and the parameter grammar of kea-hook/README.md.
# kea-dhcp6 accepts IPv4 addresses (sent IPv4-mapped, RFC 7291 §5), so its
# "wrong family" cases are IPv4 values that are unusable once mapped.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

CASES=0

# refused NAME FAMILY CONFIG KEAMSG MESSAGE...: Kea must exit with status 1
# and log every MESSAGE; `pcpsel kea-check CONFIG` must give the same
# verdict (65) with the same messages (the PCPSEL_* message IDs are Kea's
# log only).  KEAMSG not empty: Kea refuses the file itself before the hook
# sees it, its early log must hold KEAMSG instead, and kea-check must say
# MESSAGE (Kea's parser's words, passed on).
refused() {
	CASES=$((CASES + 1))
	ns_exec srv env KEA_HOOKS_PATH=$T/hooks "$PCPSEL" kea-check "$3" > "$T/kea-check.out" 2>&1
	check "$1: pcpsel kea-check exits 65" 65 $?
	if kea_start srv $2 "$3"; then
		check "$1: refused" "exited" "still running"
		ns_stop "$KEA_PID"
		return
	fi
	if ns_alive "$KEA_PID"; then
		# neither started nor exited within kea_start's bound
		check "$1: refused" "exited" "still running, not started"
		ns_stop "$KEA_PID"
		return
	fi
	ns_wait "$KEA_PID"
	check "$1: kea-dhcp$2 exits with status 1" 1 $rc
	name=$1
	fam=$2
	kmsg=$4
	shift 4
	if [ -n "$kmsg" ]; then
		check_grep "$name: Kea says '$kmsg'" "$kmsg" \
			"$T/srv/kea/early$fam.log"
	fi
	for m in "$@"; do
		if [ -z "$kmsg" ]; then
			check_grep "$name: log holds '$m'" "$m" "$KEA_LOG"
		fi
		case "$m" in
		PCPSEL_*) ;;
		*) check_grep "$name: kea-check says '$m'" "$m" \
			"$T/kea-check.out" ;;
		esac
	done
	[ -f "$KEA_LOG" ] && mv "$KEA_LOG" "$KEA_LOG.$CASES"
}

# Scopes a bad "pcp-servers" value is put in (the hook parameters carry a
# good global list in every scope but "hook"):
#   hook     the hook parameters map is VALUE itself
#   subnet   the subnet's user-context
#   network  the user-context of a shared network holding the subnet
#   class    the user-context of client class "gold"
#   resv     the user-context of a reservation in the subnet
#   gresv    the user-context of a global reservation
#   ctxdup   the subnet's user-context holds the key twice (VALUE is the
#            inside of the user-context map)
GOOD4='{ "pcp-servers": [ [ "192.0.2.1" ] ] }'
GOOD6='{ "pcp-servers": [ [ "2001:db8::1" ] ] }'
RES4_ID='"hw-address": "02:00:00:00:00:99", "hostname": "h"'
RES6_ID='"duid": "00:03:00:01:02:00:00:00:00:99", "hostname": "h"'

# bad_config FAMILY SCOPE VALUE: write Kea's configuration file (conf)
bad_config() {
	f=$1
	if [ $f = 4 ]; then
		good=$GOOD4
		rid=$RES4_ID
		sub=subnet4
	else
		good=$GOOD6
		rid=$RES6_ID
		sub=subnet6
	fi
	uc="{ \"pcp-servers\": $3 }"
	case $2 in
	hook)
		kea_conf srv $f kts "$3" "$(kea_subnet$f kts)" ;;
	subnet)
		kea_conf srv $f kts "$good" "$(kea_subnet$f kts "$uc")" ;;
	ctxdup)
		kea_conf srv $f kts "$good" "$(kea_subnet$f kts "{ $3 }")" ;;
	network)
		kea_conf srv $f kts "$good" \
			"\"shared-networks\": [ { \"name\": \"net\",
			  \"interface\": \"kts\", \"user-context\": $uc,
			  $(kea_subnet$f kts | sed 's/,$//') } ]," ;;
	class)
		kea_conf srv $f kts "$good" "$(kea_subnet$f kts)
			\"client-classes\": [ { \"name\": \"gold\",
			  \"user-context\": $uc } ]," ;;
	resv)
		if [ $f = 4 ]; then
			s=$(kea_subnet4 kts '' "[ { $rid, \"user-context\": $uc } ]")
		else
			s=$(kea_subnet6 kts | sed "s/ } ],\$/, \"reservations\": [ { $rid, \"user-context\": $uc } ] } ],/")
		fi
		kea_conf srv $f kts "$good" "$s" ;;
	gresv)
		kea_conf srv $f kts "$good" "$(kea_subnet$f kts)
			\"reservations\": [ { $rid, \"user-context\": $uc } ]," ;;
	*)
		bail "bad scope $2" ;;
	esac
	conf=$T/srv/kea/kea$f.json
}

# The table: FAMILY|SCOPE|VALUE|MESSAGE[|KEAMSG]: MESSAGE is a fixed string
# in Kea's log and in kea-check's output; KEAMSG, when given, is what Kea's
# own parser says instead (it refuses the file before the hook sees it).
# One line, one configuration.
SN4='subnet 192.0.2.0/24 (id 1)'
SN6='subnet 2001:db8:1::/64 (id 1)'
HP='pcp-servers in hook parameters'
A64=$(i=1; s='"192.0.2.1"'; while [ $i -lt 64 ]; do
	i=$((i + 1)); s="$s, \"192.0.2.$i\""; done; echo "$s")
cat > "$T/table" <<EOF
4|hook|{ "pcp-servers": [ [ "192.0.2.300" ] ] }|$HP, server 1, address 1: "192.0.2.300" is not an IPv4 address
6|hook|{ "pcp-servers": [ [ "2001:db8::g" ] ] }|$HP, server 1, address 1: "2001:db8::g" is not an IPv6 or IPv4 address
4|hook|{ "pcp-servers": [ [ "192.0.2.1 " ] ] }|$HP, server 1, address 1: "192.0.2.1 " is not an IPv4 address
4|hook|{ "pcp-servers": [ [ "2001:db8::1" ] ] }|$HP, server 1, address 1: "2001:db8::1" is an IPv6 address; kea-dhcp4 sends only IPv4 addresses
4|subnet|[ [ "192.0.2.1" ], [ "2001:db8::1" ] ]|pcp-servers in $SN4, server 2, address 1: "2001:db8::1" is an IPv6 address; kea-dhcp4 sends only IPv4 addresses
6|hook|{ "pcp-servers": [ [ "2001:db8::1", "::ffff:127.0.0.1" ] ] }|$HP, server 1, address 2: "::ffff:127.0.0.1" is not usable as a PCP server address (loopback)
6|subnet|[ [ "0.0.0.0" ] ]|pcp-servers in $SN6, server 1, address 1: "0.0.0.0" is not usable as a PCP server address (0.0.0.0/8, this network)
4|hook|{ "pcp-servers": [ [ "127.0.0.1" ] ] }|$HP, server 1, address 1: "127.0.0.1" is not usable as a PCP server address (loopback)
4|hook|{ "pcp-servers": [ [ "224.0.0.1" ] ] }|$HP, server 1, address 1: "224.0.0.1" is not usable as a PCP server address (multicast)
4|hook|{ "pcp-servers": [ [ "0.0.0.0" ] ] }|$HP, server 1, address 1: "0.0.0.0" is not usable as a PCP server address (0.0.0.0/8, this network)
4|hook|{ "pcp-servers": [ [ "255.255.255.255" ] ] }|$HP, server 1, address 1: "255.255.255.255" is not usable as a PCP server address (broadcast)
6|hook|{ "pcp-servers": [ [ "ff02::1" ] ] }|$HP, server 1, address 1: "ff02::1" is not usable as a PCP server address (multicast)
6|hook|{ "pcp-servers": [ [ "::1" ] ] }|$HP, server 1, address 1: "::1" is not usable as a PCP server address (loopback)
6|hook|{ "pcp-servers": [ [ "::" ] ] }|$HP, server 1, address 1: "::" is not usable as a PCP server address (unspecified)
4|hook|{ "pcp-servers": [ [ ] ] }|$HP, server 1: [] is empty; a server needs at least one address
6|subnet|[ [ ] ]|pcp-servers in $SN6, server 1: [] is empty
4|hook|{ "pcp-servers": [ [ $A64 ] ] }|$HP, server 1: 64 addresses, more than the 63 a DHCPv4 option 158 list can hold
4|hook|{ "pcp-servers": "192.0.2.1" }|$HP: expected a list of servers (lists of addresses), got "192.0.2.1"
6|subnet|"2001:db8::1"|pcp-servers in $SN6: expected a list of servers (lists of addresses), got "2001:db8::1"
6|hook|{ "pcp-servers": [ "2001:db8::1" ] }|$HP, server 1: expected a list of addresses, got "2001:db8::1"
4|class|[ [ "192.0.2.1" ], "192.0.2.2" ]|pcp-servers in client class gold, server 2: expected a list of addresses, got "192.0.2.2"
4|hook|{ "pcp-servers": [ [ 3221225985 ] ] }|$HP, server 1, address 1: expected an address string, got 3221225985
6|hook|{ "pcp-servers": [ [ null ] ] }|$HP, server 1, address 1: expected an address string, got null
4|hook|{ "pcp-servers": [ [ "192.0.2.1" ] ], "always-send": "yes" }|always-send in hook parameters: expected true or false, got "yes"
6|hook|{ "always-send": 1 }|always-send in hook parameters: expected true or false, got 1
4|hook|{ "host-database-lookup": "off" }|host-database-lookup in hook parameters: expected true or false, got "off"
6|hook|{ "pcp-servers": [ [ "2001:db8::1" ] ], "host-database-lookup": 0 }|host-database-lookup in hook parameters: expected true or false, got 0
4|hook|{ "pcp-servers": [ [ "192.0.2.1" ] ], "always-sent": true }|hook parameters: unknown parameter "always-sent"
6|hook|{ "pcp-server": [ [ "2001:db8::1" ] ] }|hook parameters: unknown parameter "pcp-server"
4|hook|{ "pcp-servers": [ [ "192.0.2.1" ], [ "192.0.2.1" ] ] }|$HP, server 2, address 1: "192.0.2.1" is already given as server 1, address 1
6|hook|{ "pcp-servers": [ [ "2001:db8::1", "2001:DB8::1" ] ] }|$HP, server 1, address 2: "2001:DB8::1" is already given as server 1, address 1
6|subnet|[ [ "192.0.2.1" ], [ "::ffff:192.0.2.1" ] ]|pcp-servers in $SN6, server 2, address 1: "::ffff:192.0.2.1" is already given as server 1, address 1
4|hook|{ "pcp-servers": [ [ "192.0.2.1" ] ], "pcp-servers": [ [ "192.0.2.2" ] ] }|duplicate pcp-servers entries in JSON map|duplicate pcp-servers entries in JSON map
6|ctxdup|"pcp-servers": [ [ "2001:db8::1" ] ], "pcp-servers": [ ]|duplicate pcp-servers entries in JSON map|duplicate pcp-servers entries in JSON map
4|network|[ [ "198.51.100.1", "198.51.100.1" ] ]|pcp-servers in shared network net, server 1, address 2: "198.51.100.1" is already given as server 1, address 1
6|network|[ [ "2001:db8::1" ], [ "fe80::1%kts0" ] ]|pcp-servers in shared network net, server 2, address 1: "fe80::1%kts0" is not an IPv6 or IPv4 address
6|class|[ [ "ff05::1:3" ] ]|pcp-servers in client class gold, server 1, address 1: "ff05::1:3" is not usable as a PCP server address (multicast)
4|resv|[ [ "0.0.0.0" ] ]|pcp-servers in reservation hw-address 02:00:00:00:00:99 in $SN4, server 1, address 1: "0.0.0.0" is not usable
6|resv|[ [ "::1" ] ]|pcp-servers in reservation duid 00:03:00:01:02:00:00:00:00:99 in $SN6, server 1, address 1: "::1" is not usable
4|gresv|[ [ "240.0.0.1" ] ]|pcp-servers in global reservation hw-address 02:00:00:00:00:99, server 1, address 1: "240.0.0.1" is not usable as a PCP server address (reserved, 240.0.0.0/4)
6|gresv|{ }|pcp-servers in global reservation duid 00:03:00:01:02:00:00:00:00:99: expected a list of servers (lists of addresses), got {}
EOF

while IFS='|' read -r fam scope value msg kmsg; do
	[ -n "$fam" ] || continue
	bad_config "$fam" "$scope" "$value"
	if [ -n "$kmsg" ]; then
		id=
	elif [ "$scope" = hook ]; then
		id=PCPSEL_LOAD_ERROR
	else
		id=PCPSEL_CONFIG_ERROR
	fi
	refused "v$fam $scope: $(echo "$value" | cut -c1-60)" "$fam" \
		"$conf" "$kmsg" $id "$msg"
done < "$T/table"

# A subnet written without "id" (Kea 2.2 numbers it itself; 2.6 and 3.0
# refuse it): the hook and kea-check name it by its prefix alone
case $(kea_version) in
2.2.*)
	kea_conf srv 4 kts "$GOOD4" "\"subnet4\": [ { \"subnet\": \"192.0.2.0/24\",
	  \"interface\": \"kts\", \"user-context\": { \"pcp-servers\": [ [ \"0.0.0.0\" ] ] } } ],"
	refused "v4 subnet without id" 4 "$T/srv/kea/kea4.json" "" \
		PCPSEL_CONFIG_ERROR "pcp-servers in subnet 192.0.2.0/24, server 1, address 1: \"0.0.0.0\" is not usable"
	;;
esac

# Keys the hook ignores (issue 12 item 6): Kea starts and serves, the hook
# logs PCPSEL_CONFIG_WARNING with the message, kea-check prints the same
# message as a warning and exits 0.
# warned NAME FAMILY MESSAGE: for the configuration kea_conf last wrote
warned() {
	conf=$T/srv/kea/kea$2.json
	ns_exec srv env KEA_HOOKS_PATH=$T/hooks "$PCPSEL" kea-check "$conf" > "$T/kea-check.out" 2>&1
	check "$1: pcpsel kea-check exits 0" 0 $?
	check_grep "$1: kea-check warns" "warning: $3" "$T/kea-check.out"
	if kea_start srv "$2"; then
		check_grep "$1: the hook warns in Kea's log" \
			"PCPSEL_CONFIG_WARNING $3" "$KEA_LOG"
		ns_stop "$KEA_PID"
	else
		check "$1: Kea starts" started exited
	fi
	mv "$KEA_LOG" "$KEA_LOG.warned$CASES$2"
	CASES=$((CASES + 1))
}
IGN='is ignored: the pcpsel hook reads pcp-servers only in its parameters and in the user-context of shared networks, subnets, client classes and host reservations'
kea_conf srv 4 kts "$GOOD4" "$(kea_subnet4 kts '{ "pcp-server": [ [ "192.0.2.9" ] ] }')"
warned "v4 misspelt key" 4 "\"pcp-server\" in the user-context of $SN4 is ignored: the pcpsel hook reads \"pcp-servers\""
kea_conf srv 4 kts "$GOOD4" "$(kea_subnet4 kts | sed 's/"pool": "192.0.2.100 - 192.0.2.199" }/"pool": "192.0.2.100 - 192.0.2.199", "user-context": { "pcp-servers": [ [ "192.0.2.9" ] ] } }/')"
warned "v4 list in a pool" 4 "pcp-servers in the user-context of pool 192.0.2.100 - 192.0.2.199 in $SN4 $IGN"
kea_conf srv 6 kts "$GOOD6" "$(kea_subnet6 kts)
	\"option-data\": [ { \"name\": \"dns-servers\", \"data\": \"2001:db8::53\",
	  \"user-context\": { \"pcp-servers\": [ [ \"2001:db8::9\" ] ] } } ],"
warned "v6 list in an option" 6 "pcp-servers in the user-context of option-data dns-servers $IGN"
kea_conf srv 6 kts "$GOOD6" "$(kea_subnet6 kts)
	\"user-context\": { \"PCP_Servers\": [ [ \"2001:db8::9\" ] ] },"
warned "v6 global user-context" 6 "\"PCP_Servers\" in the user-context of Dhcp6 $IGN"

# Controls: the same configurations with a good value in each scope start
# (so each refusal above is the value's doing, not the scope's shape), and
# kea-check accepts them.
for fam in 4 6; do
	for scope in hook subnet network class resv gresv; do
		if [ $scope = hook ]; then
			[ $fam = 4 ] && v=$GOOD4 || v=$GOOD6
		else
			[ $fam = 4 ] && v='[ [ "198.51.100.7" ] ]' ||
				v='[ [ "2001:db8::7", "198.51.100.7" ] ]'
		fi
		bad_config $fam $scope "$v"
		ns_exec srv env KEA_HOOKS_PATH=$T/hooks "$PCPSEL" kea-check "$conf" > "$T/kea-check.out" 2>&1
		check "control v$fam $scope: pcpsel kea-check exits 0" 0 $?
		if kea_start srv $fam; then
			check_grep "control v$fam $scope: configured" \
				"PCPSEL_CONFIGURED" "$KEA_LOG"
			ns_stop "$KEA_PID"
		else
			check "control v$fam $scope: Kea starts" started exited
		fi
		mv "$KEA_LOG" "$KEA_LOG.control$fam$scope"
	done
done

# A file that is not JSON at all: Kea's parser refuses it, kea-check too
printf '{ "Dhcp4": { "hooks-libraries": [ { "library": "%s", "parameters": { "pcp-servers": [ [ "192.0.2.1" ] ] } } ' \
	"$(kea_hook_link libdhcp_pcpsel.so "$(kea_hook)")" > "$T/j.json"
refused "truncated JSON" 4 "$T/j.json" "DHCP4_CONFIG_LOAD_FAIL" "syntax error"

echo "# $CASES bad configurations refused by Kea and kea-check"
finish
