#!/bin/sh
# A bad pcp-servers value makes the real kea-dhcp4 / kea-dhcp6 refuse the
# configuration at startup: the process exits non-zero and the log holds
# libpcpsel's message naming the parameter, the scope and the value.
# Bad hook parameters are refused by load(); bad user-context values by the
# dhcpX_srv_configured callout (status DROP plus an "error" argument).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup

# kt_refused NAME FAMILY CONFIG MESSAGE...: Kea must exit non-zero, log
# every MESSAGE; `pcpsel kea-check CONFIG` must give the same verdict (65)
# with the same messages (the PCPSEL_* message IDs are Kea's log only)
kt_refused() {
	"$PCPSEL" kea-check "$3" > "$KT_T/kea-check.out" 2>&1
	kt_expect "$1: pcpsel kea-check exits 65" 65 $?
	if kt_start $2 "$3"; then
		kt_expect "$1: refused" "exited" "still running"
		kt_stop
		return
	fi
	wait $KT_KEA_PID 2>/dev/null
	rc=$?
	kt_expect "$1: kea-dhcp$2 exits with status 1" 1 $rc
	name=$1
	shift 3
	for m in "$@"; do
		kt_expect_grep "$name: log holds '$m'" "$m" "$KT_KEA_LOG"
		case "$m" in
		PCPSEL_*) ;;
		*) kt_expect_grep "$name: kea-check says '$m'" "$m" \
			"$KT_T/kea-check.out" ;;
		esac
	done
	mv "$KT_KEA_LOG" "$KT_KEA_LOG.$KT_CHECKS"
}

kt_conf4 "$KT_T/p.json" '{ "pcp-servers": [ [ "192.0.2.300" ] ] }' \
	"$(kt_subnet4)"
kt_refused "v4 hook parameter 192.0.2.300" 4 "$KT_T/p.json" \
	'PCPSEL_LOAD_ERROR' \
	'pcp-servers in hook parameters, server 1, address 1: "192.0.2.300"'

kt_conf4 "$KT_T/u.json" '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"$(kt_subnet4 '{ "pcp-servers": [ [ "2001:db8::1" ] ] }')"
kt_refused "v4 subnet user-context with an IPv6 address" 4 "$KT_T/u.json" \
	'PCPSEL_CONFIG_ERROR' \
	'pcp-servers in subnet 192.0.2.0/24 (id 1), server 1, address 1: "2001:db8::1"'

kt_conf4 "$KT_T/k.json" '{ "pcp-servers": [ [ "192.0.2.1" ] ], "always-sent": true }' \
	"$(kt_subnet4)"
kt_refused "v4 unknown hook parameter" 4 "$KT_T/k.json" \
	'unknown parameter "always-sent"'

kt_conf6 "$KT_T/s.json" '{ "pcp-servers": [ [ "2001:db8::1" ] ] }' \
	"$(kt_subnet6 '{ "pcp-servers": [ [ ] ] }')"
kt_refused "v6 subnet user-context with an empty server" 6 "$KT_T/s.json" \
	'pcp-servers in subnet 2001:db8:1::/64 (id 1), server 1: [] is empty'

# a client class and a host reservation are checked too
kt_conf4 "$KT_T/c.json" '{ }' \
	"$(kt_subnet4 '' '[ { "hw-address": "02:00:00:00:00:99", "hostname": "h", "user-context": { "pcp-servers": [ [ "0.0.0.0" ] ] } } ]')
	\"client-classes\": [ { \"name\": \"gold\" } ],"
kt_refused "v4 reservation user-context with 0.0.0.0" 4 "$KT_T/c.json" \
	'pcp-servers in reservation hw-address 02:00:00:00:00:99 in subnet 192.0.2.0/24 (id 1)' \
	'"0.0.0.0"'
kt_conf4 "$KT_T/d.json" '{ }' \
	"$(kt_subnet4)
	\"client-classes\": [ { \"name\": \"gold\", \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.1\" ], \"192.0.2.2\" ] } } ],"
kt_refused "v4 client class user-context with a bare address" 4 "$KT_T/d.json" \
	'pcp-servers in client class gold, server 2'
kt_done
